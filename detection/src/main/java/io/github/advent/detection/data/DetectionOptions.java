package io.github.advent.detection.data;

import io.github.advent.entropy.data.CityscapesFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
    /** Option keys of {@link #parse}, each with what it takes. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("split", "train, val or test");
        keys.put("beta", "0.005, 0.01 or 0.02");
        keys.put("list", "file of sample names");
        keys.put("boxes", "instanceIds or polygons");
        keys.put("min-size", "minimum box width and height in pixels");
        keys.put("labelled", "true or false");
        keys.put("annotations", "COCO annotation JSON file");
        keys.put("classes", "class names separated by ';' (default: the 8 Cityscapes classes)");
        KEYS = java.util.Collections.unmodifiableMap(keys);
    }

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
        DetectionOptions o = defaults();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for dataset '" + kind + "'; known: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' needs a value (" + KEYS.get(key)
                        + ")");
            }
            try {
                o = switch (key) {
                    case "split" -> o.withSplit(value);
                    case "beta" -> o.withBeta(value);
                    case "list" -> o.withList(Path.of(value));
                    case "boxes" -> o.withBoxes(BoxSource.parse(value));
                    case "min-size" -> o.withMinSize(minSize(value));
                    case "labelled" -> o.withLabelled(bool(value));
                    case "annotations" -> o.withAnnotations(Path.of(value));
                    case "classes" -> o.withClasses(DetectionClasses.of(Arrays.asList(value.split(";", -1))));
                    default -> throw new IllegalStateException("unhandled option " + key);
                };
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "': " + ex.getMessage(), ex);
            }
        }
        return o;
    }

    private static float minSize(String value) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("min-size must be a number of pixels, got '" + value + "'");
        }
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + value + "'");
        };
    }
}
