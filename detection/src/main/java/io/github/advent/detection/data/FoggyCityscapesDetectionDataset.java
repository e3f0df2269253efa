package io.github.advent.detection.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * Foggy Cityscapes (Sakaridis et al. 2018) for detection, the benchmark's target domain: images
 * {@code ROOT/leftImg8bit_foggy/{split}/{city}/{frame}_leftImg8bit_foggy_beta_{beta}.png} for one
 * beta (0.005, 0.01 or 0.02; default 0.02, the benchmark's), boxes from the clear frame's gtFine
 * under the same root, as {@link CityscapesDetectionDataset}: fog changes no object. Labelled, every
 * frame needs both files; a missing one is named by its path. Sample names are the frame ids.
 */
public final class FoggyCityscapesDetectionDataset extends GtFineDataset {
    private FoggyCityscapesDetectionDataset(Path root, DetectionOptions options, List<GtFineFrames.Frame> frames) {
        super("foggy-cityscapes", root, options, frames);
    }

    public static FoggyCityscapesDetectionDataset open(Path root, DetectionOptions options) {
        DatasetFolders.requireRoot(root, "Foggy Cityscapes");
        String suffix = CityscapesFiles.foggySuffix(options.beta());
        Path foggy = DatasetFolders.requireFolder(root.resolve(CityscapesFiles.FOGGY_IMAGES),
                "Foggy Cityscapes' leftImg8bit_foggy/{split}/{city}/*" + suffix + "; 'advent fog' makes it");
        Path split = CityscapesFiles.split(foggy, options.split(), "split " + options.split() + " of leftImg8bit_foggy/");
        return new FoggyCityscapesDetectionDataset(root, options, GtFineFrames.find(root, split, suffix,
                "foggy image (beta " + options.beta() + ")", options, CityscapesFiles.betasPresent(split)));
    }
}
