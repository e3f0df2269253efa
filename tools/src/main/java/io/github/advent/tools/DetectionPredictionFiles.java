package io.github.advent.tools;

import io.github.advent.detection.box.Detection;
import io.github.advent.detection.data.DetectionClasses;
import io.github.advent.detection.data.DetectionSample;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.eval.detection.CocoJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The files {@code advent predict} and {@code advent adapt} write for detections: per image,
 * OUT/[sub-folder/]{stem}_boxes.png with the detections of score at least the threshold drawn; for all images,
 * {@value #DETECTIONS_FILE} (every detection, as COCO results) and {@value #IMAGES_FILE} (the COCO images, id =
 * {@link DatasetGroundTruth#imageId} of the image's position, and the categories).
 */
final class DetectionPredictionFiles {
    static final String DETECTIONS_FILE = "detections.json";
    static final String IMAGES_FILE = "images.json";

    private final Path out;
    private final float scoreThreshold;
    private final int objectClasses;
    private final DetectionClasses classes;
    private final List<io.github.advent.eval.detection.Detection> all = new ArrayList<>();
    private final List<CocoJsonWriter.Image> entries = new ArrayList<>();

    /** @param classes the detector's class count, background included */
    DetectionPredictionFiles(Path out, int classes, float scoreThreshold) {
        this.out = out;
        this.scoreThreshold = scoreThreshold;
        this.objectClasses = classes - 1;
        this.classes = objectClasses == DetectionClasses.CITYSCAPES.size() ? DetectionClasses.CITYSCAPES
                : DetectionClasses.of(numbered(objectClasses));
    }

    /** Adds image {@code index} ({@code name}: its path below the input, '/'-separated) and draws its boxes. */
    void add(int index, String name, DetectionSample sample, List<Detection> detections) {
        long id = DatasetGroundTruth.imageId(index);
        int width = sample.originalWidth();
        int height = sample.originalHeight();
        entries.add(new CocoJsonWriter.Image(id, name, width, height));
        List<BoxPainter.Box> drawn = new ArrayList<>();
        for (Detection d : detections) {
            io.github.advent.eval.detection.Detection box = SsdImageDetector.toPixels(d, id, width, height, all.size());
            all.add(box);
            if (d.score() >= scoreThreshold) {
                drawn.add(new BoxPainter.Box(box.x(), box.y(), box.x() + box.w(), box.y() + box.h(), d.classId(),
                        String.format(Locale.ROOT, "%s %.2f", classes.name(d.classId()), d.score())));
            }
        }
        Collections.reverse(drawn); // highest scores last, so that they end up on top
        Path picture = out.resolve(name).resolveSibling(stem(sample.imageFile()) + "_boxes.png");
        try {
            Files.createDirectories(picture.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BadInputException(picture.getParent(), "cannot create: " + e.getMessage());
        }
        Images.writeRgb(picture, BoxPainter.draw(sample.image(), drawn, objectClasses));
    }

    /** What {@link #add} gathered for the COCO files, to hand to the driver's instance (a cluster's partition). */
    record Part(List<DetectionScoring.Box> boxes, List<long[]> images, List<String> names) implements java.io.Serializable {}

    Part part() {
        List<long[]> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (CocoJsonWriter.Image image : entries) {
            images.add(new long[] {image.id(), image.width(), image.height()});
            names.add(image.fileName());
        }
        return new Part(all.stream().map(DetectionScoring.Box::of).toList(), images, names);
    }

    /** Appends a partition's images and detections, numbered after those already here (as {@link #add} numbers them). */
    void addPart(Part part) {
        for (int i = 0; i < part.images().size(); i++) {
            long[] image = part.images().get(i);
            entries.add(new CocoJsonWriter.Image(image[0], part.names().get(i), (int) image[1], (int) image[2]));
        }
        for (DetectionScoring.Box box : part.boxes()) {
            all.add(box.numbered(all.size()));
        }
    }

    /** Writes the two COCO files. */
    void finish() {
        CocoJsonWriter.writeResults(out.resolve(DETECTIONS_FILE), all);
        CocoJsonWriter.writeGroundTruth(out.resolve(IMAGES_FILE), entries, DatasetGroundTruth.categories(classes), List.of());
    }

    private static List<String> numbered(int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= classes; c++) {
            names.add("class " + c);
        }
        return names;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }
}
