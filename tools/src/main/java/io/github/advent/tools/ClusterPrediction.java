package io.github.advent.tools;

import io.github.advent.entropy.io.Images;
import io.github.advent.segmentation.SegmentationPredictor;
import io.github.advent.tools.Choices.DeviceChoice;
import io.github.advent.tools.cluster.Cluster;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code advent predict --spark}: the images cut into partitions, each run where the cluster puts it (the checkpoint
 * loaded once per partition), writing the same files as a single-machine run into the output folder, which every
 * executor must see (a shared file system). Detection's two COCO files are written by the driver from the
 * partitions' boxes, numbered in image order.
 */
final class ClusterPrediction {
    private ClusterPrediction() {}

    /** One input image: its position, its file and its folder below the input ('' for a single file). */
    record Image(int index, String file, String relativeFolder, String name) implements Serializable {}

    static List<Image> items(Path input, List<Path> images) {
        List<Image> items = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Path image = images.get(i);
            Path relative = java.nio.file.Files.isDirectory(input) ? input.relativize(image.getParent()) : Path.of("");
            items.add(new Image(i, Cluster.path(image), relative.toString(), DetectionPrediction.relative(input, image)));
        }
        return items;
    }

    /** Segmentation: writes every image's files; one count per partition. */
    record Segment(String checkpoint, DeviceChoice device, String out, boolean entropy, boolean logits)
            implements Cluster.PartitionTask<Image, Integer> {
        @Override
        public List<Integer> run(List<Image> items) {
            try (SegmentationPredictor predictor = new SegmentationPredictor(Path.of(checkpoint), Devices.resolve(device),
                    SegmentationPredictor.DEFAULT_WIDTH, SegmentationPredictor.DEFAULT_HEIGHT)) {
                SegmentationPredictionFiles files = new SegmentationPredictionFiles(Path.of(out),
                        predictor.identity().numClasses());
                for (Image image : items) {
                    Path file = Path.of(image.file());
                    files.write(Path.of(image.relativeFolder()), file.getFileName().toString(),
                            predictor.predict(Images.readRgb(file), entropy, logits));
                }
            }
            return List.of(items.size());
        }
    }

    /** Detection: draws every image's boxes; the partition's part of the COCO files. */
    record Detect(String checkpoint, DeviceChoice device, String out, float scoreThreshold)
            implements Cluster.PartitionTask<Image, DetectionPredictionFiles.Part> {
        @Override
        public List<DetectionPredictionFiles.Part> run(List<Image> items) {
            List<String> names = items.stream().map(Image::name).toList();
            List<Path> files = items.stream().map(i -> Path.of(i.file())).toList();
            try (SsdImageDetector detector = new SsdImageDetector(Path.of(checkpoint), Devices.resolve(device))) {
                DetectionPredictionFiles written = new DetectionPredictionFiles(Path.of(out),
                        detector.identity().numClasses(), scoreThreshold);
                detector.run(new DetectionImages(names, files), ProgressBar.silent(), (index, sample, detections) ->
                        written.add(items.get(index).index(), names.get(index), sample, detections));
                return List.of(written.part());
            }
        }
    }

    static int segment(Cluster cluster, Path checkpoint, DeviceChoice device, Path input, List<Path> images, Path out,
            boolean entropy, boolean logits) {
        int written = 0;
        for (int count : cluster.map("predict", items(input, images),
                new Segment(Cluster.path(checkpoint), device, Cluster.path(out), entropy, logits))) {
            written += count;
        }
        return written;
    }

    static int detect(Cluster cluster, Path checkpoint, DeviceChoice device, Path input, List<Path> images, Path out,
            float scoreThreshold, int classes) {
        DetectionPredictionFiles files = new DetectionPredictionFiles(out, classes, scoreThreshold);
        for (DetectionPredictionFiles.Part part : cluster.map("predict", items(input, images),
                new Detect(Cluster.path(checkpoint), device, Cluster.path(out), scoreThreshold))) {
            files.addPart(part);
        }
        files.finish();
        return images.size();
    }
}
