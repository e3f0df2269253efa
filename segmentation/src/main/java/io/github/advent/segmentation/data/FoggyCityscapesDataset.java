package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * Foggy Cityscapes (Sakaridis et al. 2018): images
 * {@code ROOT/leftImg8bit_foggy/{split}/{city}/*_leftImg8bit_foggy_beta_{beta}.png} for one beta
 * (0.005, 0.01 or 0.02; default 0.02, the detection benchmark's), labels from Cityscapes' gtFine
 * under the same root, as {@link CityscapesDataset}. Sample names are the frame ids, the same as the
 * clear images'. Default sample size 1024x512.
 */
public final class FoggyCityscapesDataset extends FileDataset {
    private FoggyCityscapesDataset(Path root, DatasetOptions options, List<Layout.Entry> entries) {
        super("foggy-cityscapes", root, options, CityscapesDataset.DEFAULT_SIZE, CityscapesLayout.labelMap(options),
                LabelEncoding.GREY_OR_PALETTE, entries);
    }

    /** The file suffix of a beta: {@code _leftImg8bit_foggy_beta_0.02.png}. */
    public static String imageSuffix(String beta) {
        return CityscapesFiles.foggySuffix(beta);
    }

    public static FoggyCityscapesDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "Foggy Cityscapes");
        String suffix = imageSuffix(options.beta());
        Path foggy = DatasetFolders.requireFolder(root.resolve("leftImg8bit_foggy"),
                "Foggy Cityscapes' leftImg8bit_foggy/{split}/{city}/*" + suffix + "; 'advent fog' makes it");
        Path split = CityscapesFiles.split(foggy, options.split(), "split " + options.split() + " of leftImg8bit_foggy/");
        return new FoggyCityscapesDataset(root, options,
                CityscapesLayout.find("foggy-cityscapes", root, split, suffix, options, CityscapesFiles.betasPresent(split)));
    }
}
