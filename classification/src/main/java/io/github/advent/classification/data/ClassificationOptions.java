package io.github.advent.classification.data;

import io.github.advent.entropy.data.DatasetOptionTable;
import java.util.List;

/**
 * The {@code key=value} options of the classification datasets.
 *
 * @param size the side of the square network input: images are resized (shorter side to {@code size·8/7},
 *     torchvision's 256 for 224) and centre-cropped to it
 * @param domain Office-31's domain
 * @param split VisDA-2017's split
 * @param labelled whether the labels are read (false: the images of a target domain only)
 */
public record ClassificationOptions(int size, String domain, String split, boolean labelled) {
    public static final List<String> OFFICE_DOMAINS = List.of("amazon", "dslr", "webcam");
    public static final List<String> VISDA_SPLITS = List.of("train", "validation");
    public static final int DEFAULT_SIZE = 224;

    public static final DatasetOptionTable<ClassificationOptions> TABLE =
            new DatasetOptionTable<>(ClassificationOptions::defaults)
                    .option("size", "the input side in pixels, 16 to 1024", (o, v) -> o.withSize(DatasetOptionTable.wholeNumber(v)))
                    .option("domain", "amazon, dslr or webcam", ClassificationOptions::withDomain)
                    .option("split", "train or validation", ClassificationOptions::withSplit)
                    .option("labelled", "true or false", (o, v) -> o.withLabelled(DatasetOptionTable.bool(v)));

    public static ClassificationOptions defaults() {
        return new ClassificationOptions(DEFAULT_SIZE, null, "train", true);
    }

    public ClassificationOptions withSize(int side) {
        if (side < 16 || side > 1024) {
            throw new IllegalArgumentException("must be from 16 to 1024, got " + side);
        }
        return new ClassificationOptions(side, domain, split, labelled);
    }

    public ClassificationOptions withDomain(String value) {
        if (!OFFICE_DOMAINS.contains(value)) {
            throw new IllegalArgumentException("must be amazon, dslr or webcam, got '" + value + "'");
        }
        return new ClassificationOptions(size, value, split, labelled);
    }

    public ClassificationOptions withSplit(String value) {
        if (!VISDA_SPLITS.contains(value)) {
            throw new IllegalArgumentException("must be train or validation, got '" + value + "'");
        }
        return new ClassificationOptions(size, domain, value, labelled);
    }

    public ClassificationOptions withLabelled(boolean value) {
        return new ClassificationOptions(size, domain, split, value);
    }
}
