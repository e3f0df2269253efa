package io.github.advent.tools;

import io.github.advent.eval.detection.Detection;
import io.github.advent.tools.Choices.DeviceChoice;
import io.github.advent.tools.cluster.Cluster;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code advent evaluate detection --checkpoint --spark}: the dataset's images cut into partitions, each detected where
 * the cluster puts it (the checkpoint loaded once per partition); the driver gathers the boxes in image order and scores
 * them with the single-machine metric code, so the AP is the same to the last digit.
 */
final class DetectionScoring {
    private DetectionScoring() {}

    /** One image of the dataset: its position (the COCO image id is 1 + it), name and file. */
    record Image(int index, String name, String file) implements Serializable {}

    /** A detection in the image's pixels (COCO results' fields), before the driver numbers it. */
    record Box(long imageId, long categoryId, double x, double y, double w, double h, double score)
            implements Serializable {
        static Box of(Detection d) {
            return new Box(d.imageId(), d.categoryId(), d.x(), d.y(), d.w(), d.h(), d.score());
        }

        Detection numbered(int order) {
            return new Detection(imageId, categoryId, x, y, w, h, score, order);
        }
    }

    /** Every box of one partition's images, image by image, highest score first within an image. */
    record DetectImages(String checkpoint, DeviceChoice device) implements Cluster.PartitionTask<Image, Box> {
        @Override
        public List<Box> run(List<Image> items) {
            List<String> names = items.stream().map(Image::name).toList();
            List<Path> files = items.stream().map(i -> Path.of(i.file())).toList();
            List<Box> boxes = new ArrayList<>();
            try (SsdImageDetector detector = new SsdImageDetector(Path.of(checkpoint), Devices.resolve(device))) {
                detector.run(new DetectionImages(names, files), ProgressBar.silent(), (index, sample, detections) -> {
                    for (io.github.advent.detection.box.Detection d : detections) {
                        boxes.add(Box.of(SsdImageDetector.toPixels(d, DatasetGroundTruth.imageId(items.get(index).index()),
                                sample.originalWidth(), sample.originalHeight(), 0)));
                    }
                });
            }
            return boxes;
        }
    }

    /** The detections of every image, numbered in image order as the single-machine run numbers them. */
    static List<Detection> detect(Cluster cluster, Path checkpoint, DeviceChoice device, List<String> names,
            List<Path> files) {
        List<Image> items = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            items.add(new Image(i, names.get(i), Cluster.path(files.get(i))));
        }
        List<Detection> found = new ArrayList<>();
        for (Box box : cluster.map("evaluate detection", items, new DetectImages(Cluster.path(checkpoint), device))) {
            found.add(box.numbered(found.size()));
        }
        return found;
    }
}
