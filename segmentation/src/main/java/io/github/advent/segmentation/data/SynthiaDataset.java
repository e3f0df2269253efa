package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * SYNTHIA-RAND-CITYSCAPES: {@code ROOT/RGB/NNNNNNN.png} and {@code ROOT/GT/LABELS/NNNNNNN.png}, the
 * labels 16-bit PNGs whose first channel (red, in file order) holds the class id, mapped to the 16
 * SYNTHIA classes by {@link LabelMap#synthia()}. Default sample size 1280x760 (the native size).
 */
public final class SynthiaDataset extends FileDataset {
    /** The native SYNTHIA-RAND-CITYSCAPES size. */
    public static final ImageSize DEFAULT_SIZE = new ImageSize(1280, 760);

    private SynthiaDataset(Path root, DatasetOptions options, List<Layout.Entry> entries) {
        super("synthia", root, options, DEFAULT_SIZE, LabelMap.synthia(), LabelEncoding.FIRST_CHANNEL_16, entries);
    }

    public static SynthiaDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "SYNTHIA");
        Path images = DatasetFolders.requireFolder(root.resolve("RGB"), "SYNTHIA's RGB/NNNNNNN.png");
        Path labels = null;
        if (options.labelled()) {
            DatasetFolders.requireFolder(root.resolve("GT"), "SYNTHIA's GT/LABELS/NNNNNNN.png");
            labels = DatasetFolders.requireFolder(root.resolve("GT").resolve("LABELS"), "SYNTHIA's GT/LABELS/NNNNNNN.png (16-bit)");
        }
        return new SynthiaDataset(root, options, FlatPairs.find("synthia", images, labels, Set.of("png"), Set.of("png"), options));
    }
}
