package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * GTA5 (Richter et al. 2016): {@code ROOT/images/NNNNN.png} and {@code ROOT/labels/NNNNN.png}, the
 * labels 8-bit palette PNGs whose indices are Cityscapes label ids (read as indices, not colours),
 * mapped by {@link LabelMap#gta5()}. Default sample size 1280x720. Sample names are the file stems
 * ({@code 00001}); a file list may name them as ADVENT's {@code gta5_list/train.txt} does
 * ({@code 00001.png}).
 */
public final class Gta5Dataset extends FileDataset {
    /** ADVENT's source size for GTA5. */
    public static final ImageSize DEFAULT_SIZE = new ImageSize(1280, 720);

    private Gta5Dataset(Path root, DatasetOptions options, List<Layout.Entry> entries) {
        super("gta5", root, options, DEFAULT_SIZE, LabelMap.gta5(), LabelEncoding.GREY_OR_PALETTE, entries);
    }

    public static Gta5Dataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "GTA5");
        Path images = DatasetFolders.requireFolder(root.resolve("images"), "GTA5's images/NNNNN.png");
        Path labels = options.labelled() ? DatasetFolders.requireFolder(root.resolve("labels"), "GTA5's labels/NNNNN.png") : null;
        return new Gta5Dataset(root, options, FlatPairs.find("gta5", images, labels, Set.of("png"), Set.of("png"), options));
    }
}
