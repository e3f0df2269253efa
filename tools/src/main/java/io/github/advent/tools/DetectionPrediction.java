package io.github.advent.tools;

import ai.djl.Device;
import io.github.advent.detection.box.Detection;
import io.github.advent.detection.data.DetectionClasses;
import io.github.advent.entropy.io.Images;
import io.github.advent.eval.detection.Category;
import io.github.advent.eval.detection.CocoJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code advent predict} with an SSD-300 checkpoint: per image, OUT/[sub-folder/]{stem}_boxes.png with the
 * detections of score at least the threshold drawn ({@link BoxPainter}); for all images together
 * OUT/detections.json, every detection (score above SSD's 0.01) as COCO results, and OUT/images.json, the
 * COCO {@code images} (id = 1 + position in the sorted input list, file name relative to the input folder)
 * and {@code categories} those ids and class indices refer to.
 */
final class DetectionPrediction {
    static final String DETECTIONS_FILE = "detections.json";
    static final String IMAGES_FILE = "images.json";

    private DetectionPrediction() {}

    /** Returns the number of images written. */
    static int run(Path checkpoint, Device device, Path input, List<Path> images, Path out, float scoreThreshold) {
        List<String> names = new ArrayList<>();
        for (Path image : images) {
            names.add(relative(input, image));
        }
        List<io.github.advent.eval.detection.Detection> all = new ArrayList<>();
        List<CocoJsonWriter.Image> entries = new ArrayList<>();
        List<Category> categories;
        try (SsdImageDetector detector = new SsdImageDetector(checkpoint, device);
                ProgressBar bar = new ProgressBar("predict", images.size(), 10)) {
            int objectClasses = detector.identity().numClasses() - 1;
            DetectionClasses classes = objectClasses == DetectionClasses.CITYSCAPES.size() ? DetectionClasses.CITYSCAPES
                    : DetectionClasses.of(numbered(objectClasses));
            categories = DatasetGroundTruth.categories(classes);
            detector.run(new DetectionImages(names, images), bar, (index, sample, detections) -> {
                long id = DatasetGroundTruth.imageId(index);
                int width = sample.originalWidth();
                int height = sample.originalHeight();
                entries.add(new CocoJsonWriter.Image(id, names.get(index), width, height));
                List<BoxPainter.Box> drawn = new ArrayList<>();
                for (Detection d : detections) {
                    io.github.advent.eval.detection.Detection box = SsdImageDetector.toPixels(d, id, width, height,
                            all.size());
                    all.add(box);
                    if (d.score() >= scoreThreshold) {
                        drawn.add(new BoxPainter.Box(box.x(), box.y(), box.x() + box.w(), box.y() + box.h(), d.classId(),
                                String.format(Locale.ROOT, "%s %.2f", classes.name(d.classId()), d.score())));
                    }
                }
                // highest scores last, so that they end up on top
                java.util.Collections.reverse(drawn);
                Path picture = out.resolve(names.get(index)).resolveSibling(stem(sample.imageFile()) + "_boxes.png");
                createParent(picture);
                Images.writeRgb(picture, BoxPainter.draw(sample.image(), drawn, objectClasses));
            });
        }
        CocoJsonWriter.writeResults(out.resolve(DETECTIONS_FILE), all);
        CocoJsonWriter.writeGroundTruth(out.resolve(IMAGES_FILE), entries, categories, List.of());
        return images.size();
    }

    private static List<String> numbered(int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= classes; c++) {
            names.add("class " + c);
        }
        return names;
    }

    /** The image's path below the input folder ('/'-separated), or its file name when the input is the file. */
    private static String relative(Path input, Path image) {
        Path rel = Files.isDirectory(input) ? input.relativize(image) : image.getFileName();
        return rel.toString().replace('\\', '/');
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new io.github.advent.entropy.io.BadInputException(file.getParent(), "cannot create: " + e.getMessage());
        }
    }
}
