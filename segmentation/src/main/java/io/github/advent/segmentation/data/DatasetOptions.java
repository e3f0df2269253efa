package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetOptionTable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

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
    /** The options as the command line writes them ({@code KIND=ROOT,key=value}): each key, what it takes, how it is set. */
    public static final DatasetOptionTable<DatasetOptions> TABLE = new DatasetOptionTable<>(DatasetOptions::defaults)
            .option("size", "sample size WIDTHxHEIGHT, or 'native'", (o, v) -> o.withSize(ImageSize.parse(v)))
            .option("labelled", "true or false", (o, v) -> o.withLabelled(DatasetOptionTable.bool(v)))
            .option("split", "train, val or test", DatasetOptions::withSplit)
            .option("beta", "0.005, 0.01 or 0.02", DatasetOptions::withBeta)
            .option("list", "file of sample names", (o, v) -> o.withList(Path.of(v)))
            .option("labels", "label map: built-in name or file", DatasetOptions::withLabelMap)
            .option("classes", "19 or 16", (o, v) -> o.withClasses(DatasetOptionTable.wholeNumber(v)))
            .option("size-mismatch", "error or resize",
                    (o, v) -> o.withResizeMismatched(DatasetOptionTable.choice(v, "error", "resize")))
            .option("unpaired", "error or skip", (o, v) -> o.withSkipUnpaired(DatasetOptionTable.choice(v, "error", "skip")))
            .option("condition", "fog, night, rain, snow or all", DatasetOptions::withCondition);

    /** Option keys of {@link #parse}, each with its meaning. */
    public static final Map<String, String> KEYS = TABLE.keys();

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
        return TABLE.parse(kind, values, allowed);
    }

    /** One of the released betas as written in file names ("0.02"), accepting equal numbers ("0.020"). */
    static String canonicalBeta(String beta) {
        return CityscapesFiles.canonicalBeta(beta);
    }
}
