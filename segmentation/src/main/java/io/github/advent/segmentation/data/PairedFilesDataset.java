package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset of image and label files that a reader outside this package has found (a user's own layout,
 * registered through {@link io.github.advent.entropy.data.DatasetReaders}): everything else — resizing, label
 * mapping through {@code labelMap}, the unknown-id census, bad-input messages — is {@link FileDataset}'s.
 * Label files are 8-bit (or 16-bit) grey or palette PNGs; an unlabelled dataset ignores them.
 */
public final class PairedFilesDataset extends FileDataset {
    /** One sample: its name (unique), its image, its label file (null when the dataset is opened unlabelled). */
    public record Pair(String name, Path image, Path label) {}

    private PairedFilesDataset(String kind, Path root, DatasetOptions options, LabelMap labelMap, List<Layout.Entry> entries) {
        super(kind, root, options, null, labelMap, LabelEncoding.GREY_OR_PALETTE, entries);
    }

    /** The dataset of {@code pairs}, in their order; none is bad input naming {@code root}. */
    public static PairedFilesDataset of(String kind, Path root, DatasetOptions options, LabelMap labelMap, List<Pair> pairs) {
        if (pairs.isEmpty()) {
            throw new BadInputException(root, "no images found for dataset '" + kind + "'");
        }
        List<Layout.Entry> entries = pairs.stream()
                .map(p -> new Layout.Entry(p.name(), p.image(), options.labelled() ? p.label() : null)).toList();
        return new PairedFilesDataset(kind, root, options, labelMap, entries);
    }
}
