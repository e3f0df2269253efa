package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * Cityscapes (Cordts et al. 2016): images {@code ROOT/leftImg8bit/{split}/{city}/*_leftImg8bit.png},
 * labels {@code ROOT/gtFine/{split}/{city}/*_gtFine_labelIds.png} (8-bit label ids 0-33) mapped to the
 * 19 train ids by {@link LabelMap#cityscapes()} (or to SYNTHIA's 16 with option classes=16). Split
 * train, val or test; unlabelled mode (target data) needs no gtFine folder. Default sample size
 * 1024x512. Sample names are frame ids ({@code frankfurt_000000_000294}); a file list may name them
 * as ADVENT's {@code cityscapes_list/*.txt} does ({@code frankfurt/frankfurt_000000_000294_leftImg8bit.png}).
 */
public final class CityscapesDataset extends FileDataset {
    /** ADVENT's target size. */
    public static final ImageSize DEFAULT_SIZE = new ImageSize(1024, 512);
    static final String IMAGE_SUFFIX = CityscapesFiles.IMAGE_SUFFIX;

    private CityscapesDataset(Path root, DatasetOptions options, List<Layout.Entry> entries) {
        super("cityscapes", root, options, DEFAULT_SIZE, CityscapesLayout.labelMap(options), LabelEncoding.GREY_OR_PALETTE, entries);
    }

    public static CityscapesDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "Cityscapes");
        Path leftImg8bit = DatasetFolders.requireFolder(root.resolve("leftImg8bit"), "Cityscapes' leftImg8bit/{split}/{city}/*" + IMAGE_SUFFIX);
        Path split = CityscapesFiles.split(leftImg8bit, options.split(), "split " + options.split() + " of leftImg8bit/");
        return new CityscapesDataset(root, options, CityscapesLayout.find("cityscapes", root, split, IMAGE_SUFFIX, options, ""));
    }
}
