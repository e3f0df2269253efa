package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.CityscapesFiles;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to open a dataset. Defaults: the kind's own sample size, labelled, split {@code train}, fog
 * beta {@code 0.02}, every ACDC condition, no file list, the folder dataset's label map {@code train-ids}, 19 classes,
 * image/label size mismatches and unpaired files refused.
 *
 * @param size sample size; {@link ImageSize#NATIVE} keeps each image's own size; {@code null} takes the
 *     kind's default (GTA5 1280x720, SYNTHIA 1280x760, Cityscapes and Foggy Cityscapes 1024x512,
 *     folder: native)
 * @param labelled false opens images only (target data); label folders are then not needed
 * @param split Cityscapes / Foggy Cityscapes split: train, val or test
 * @param beta Foggy Cityscapes attenuation: 0.005, 0.01 or 0.02
 * @param list a text file of sample names, one per line (ADVENT's {@code gta5_list/train.txt} style:
 *     {@code 00001.png}, {@code frankfurt/frankfurt_000000_000294_leftImg8bit.png} or bare names), or
 *     {@code null} for every sample found
 * @param labelMap folder dataset: a built-in map name ({@link LabelMap#builtInNames()}) or a
 *     label-map file; {@code null} = {@code train-ids}
 * @param classes Cityscapes / Foggy Cityscapes: 19, or 16 to map labels to SYNTHIA's 16 classes
 * @param resizeMismatched true: an image and its label of different sizes are each resized to the
 *     sample size (what ADVENT's loaders silently do) instead of being refused
 * @param skipUnpaired true: images without a label (and labels without an image) are left out with
 *     a warning instead of being refused
 * @param condition ACDC: fog, night, rain, snow, or all (the four together)
 */
public record DatasetOptions(ImageSize size, boolean labelled, String split, String beta, Path list, String labelMap,
        int classes, boolean resizeMismatched, boolean skipUnpaired, String condition) {
    /** Option keys of {@link #parse}, each with its meaning. */
    public static final Map<String, String> KEYS = Map.of(
            "size", "sample size WIDTHxHEIGHT, or 'native'",
            "labelled", "true or false",
            "split", "train, val or test",
            "beta", "0.005, 0.01 or 0.02",
            "list", "file of sample names",
            "labels", "label map: built-in name or file",
            "classes", "19 or 16",
            "size-mismatch", "error or resize",
            "unpaired", "error or skip",
            "condition", "fog, night, rain, snow or all");

    public DatasetOptions {
        if (classes != 19 && classes != 16) {
            throw new IllegalArgumentException("classes must be 19 or 16, got " + classes);
        }
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split must not be empty");
        }
        beta = canonicalBeta(beta);
        if (!AcdcDataset.CONDITIONS.contains(condition) && !AcdcDataset.ALL_CONDITIONS.equals(condition)) {
            throw new IllegalArgumentException("unknown ACDC condition '" + condition + "'; known: "
                    + String.join(", ", AcdcDataset.CONDITIONS) + ", " + AcdcDataset.ALL_CONDITIONS);
        }
    }

    public static DatasetOptions defaults() {
        return new DatasetOptions(null, true, "train", "0.02", null, null, 19, false, false, AcdcDataset.ALL_CONDITIONS);
    }

    public DatasetOptions withSize(ImageSize size) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withLabelled(boolean labelled) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withSplit(String split) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withBeta(String beta) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withList(Path list) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withLabelMap(String labelMap) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withClasses(int classes) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withResizeMismatched(boolean resizeMismatched) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withCondition(String condition) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    public DatasetOptions withSkipUnpaired(boolean skipUnpaired) {
        return new DatasetOptions(size, labelled, split, beta, list, labelMap, classes, resizeMismatched, skipUnpaired, condition);
    }

    /**
     * Options from {@code key=value} strings (the command line's {@code KIND=ROOT,key=value}),
     * starting from the defaults; only {@code allowed} keys are accepted.
     *
     * @throws IllegalArgumentException naming the key or value at fault, with what is accepted
     */
    public static DatasetOptions parse(String kind, Map<String, String> values, Set<String> allowed) {
        DatasetOptions o = defaults();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for dataset '" + kind + "'; known: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' needs a value (" + KEYS.get(key) + ")");
            }
            o = switch (key) {
                case "size" -> o.withSize(ImageSize.parse(value));
                case "labelled" -> o.withLabelled(bool(kind, key, value));
                case "split" -> o.withSplit(value);
                case "beta" -> o.withBeta(value);
                case "list" -> o.withList(Path.of(value));
                case "labels" -> o.withLabelMap(value);
                case "classes" -> o.withClasses(number(kind, key, value));
                case "size-mismatch" -> o.withResizeMismatched(choice(kind, key, value, "error", "resize"));
                case "unpaired" -> o.withSkipUnpaired(choice(kind, key, value, "error", "skip"));
                case "condition" -> o.withCondition(value);
                default -> throw new IllegalStateException("unhandled option " + key);
            };
        }
        return o;
    }

    /** One of the released betas as written in file names ("0.02"), accepting equal numbers ("0.020"). */
    static String canonicalBeta(String beta) {
        return CityscapesFiles.canonicalBeta(beta);
    }

    private static boolean bool(String kind, String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' must be true or false, got '"
                    + value + "'");
        };
    }

    private static boolean choice(String kind, String key, String value, String no, String yes) {
        if (value.equals(no)) {
            return false;
        }
        if (value.equals(yes)) {
            return true;
        }
        throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' must be " + no + " or " + yes + ", got '"
                + value + "'");
    }

    private static int number(String kind, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' must be a whole number, got '" + value
                    + "'");
        }
    }
}
