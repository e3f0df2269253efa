package io.github.advent.detection.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetOptionTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * How to open a detection dataset. Defaults: split {@code train}, fog beta {@code 0.02} (the
 * benchmark's), no file list, boxes from {@code instanceIds}, every box kept, labelled, the eight
 * Cityscapes classes.
 *
 * @param split Cityscapes / Foggy Cityscapes split: train, val or test
 * @param beta Foggy Cityscapes fog density: 0.005, 0.01 or 0.02
 * @param list a text file of sample names, one per line (frame ids, Cityscapes file names or
 *     {@code city/file} paths; COCO: file names or stems), or {@code null} for every sample
 * @param boxes which gtFine file Cityscapes boxes come from
 * @param minSize boxes narrower or lower than this many pixels (at the image's own size) are
 *     dropped; 0 keeps every box
 * @param labelled false opens Cityscapes images only (adaptation targets): no gtFine folder needed
 * @param annotations COCO: the annotation JSON file
 * @param classes COCO: the classes its categories are mapped onto, by name
 */
public record DetectionOptions(String split, String beta, Path list, BoxSource boxes, float minSize, boolean labelled,
        Path annotations, DetectionClasses classes) {
    /** The options as the command line writes them ({@code KIND=ROOT,key=value}): each key, what it takes, how it is set. */
    public static final DatasetOptionTable<DetectionOptions> TABLE = new DatasetOptionTable<>(DetectionOptions::defaults)
            .option("split", "train, val or test", DetectionOptions::withSplit)
            .option("beta", "0.005, 0.01 or 0.02", DetectionOptions::withBeta)
            .option("list", "file of sample names", (o, v) -> o.withList(Path.of(v)))
            .option("boxes", "instanceIds or polygons", (o, v) -> o.withBoxes(BoxSource.parse(v)))
            .option("min-size", "minimum box width and height in pixels", (o, v) -> o.withMinSize(minSize(v)))
            .option("labelled", "true or false", (o, v) -> o.withLabelled(DatasetOptionTable.bool(v)))
            .option("annotations", "COCO annotation JSON file", (o, v) -> o.withAnnotations(Path.of(v)))
            .option("classes", "class names separated by ';' (default: the 8 Cityscapes classes)",
                    (o, v) -> o.withClasses(DetectionClasses.of(Arrays.asList(v.split(";", -1)))));

    /** Option keys of {@link #parse}, each with what it takes. */
    public static final Map<String, String> KEYS = TABLE.keys();

    public DetectionOptions {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split must not be empty");
        }
        beta = CityscapesFiles.canonicalBeta(beta);
        if (boxes == null) {
            throw new IllegalArgumentException("boxes must be instanceIds or polygons");
        }
        if (!(minSize >= 0) || !Float.isFinite(minSize)) {
            throw new IllegalArgumentException("min-size must be a number >= 0, got " + minSize);
        }
        if (classes == null) {
            classes = DetectionClasses.CITYSCAPES;
        }
    }

    public static DetectionOptions defaults() {
        return new DetectionOptions("train", "0.02", null, BoxSource.INSTANCE_IDS, 0f, true, null, DetectionClasses.CITYSCAPES);
    }

    public DetectionOptions withSplit(String split) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withBeta(String beta) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withList(Path list) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withBoxes(BoxSource boxes) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withMinSize(float minSize) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withLabelled(boolean labelled) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withAnnotations(Path annotations) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    public DetectionOptions withClasses(DetectionClasses classes) {
        return new DetectionOptions(split, beta, list, boxes, minSize, labelled, annotations, classes);
    }

    /**
     * Options from {@code key=value} strings (the command line's {@code KIND=ROOT,key=value}),
     * starting from the defaults; only {@code allowed} keys are accepted.
     *
     * @throws IllegalArgumentException naming the key or value at fault, with what is accepted
     */
    public static DetectionOptions parse(String kind, Map<String, String> values, Set<String> allowed) {
        return TABLE.parse(kind, values, allowed);
    }

    private static float minSize(String value) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("min-size must be a number of pixels, got '" + value + "'");
        }
    }
}
