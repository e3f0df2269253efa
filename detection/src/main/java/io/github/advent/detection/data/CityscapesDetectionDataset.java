package io.github.advent.detection.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * Cityscapes (Cordts et al. 2016) for detection, the benchmark's source domain: images
 * {@code ROOT/leftImg8bit/{split}/{city}/{frame}_leftImg8bit.png}, boxes of the eight
 * {@link DetectionClasses#CITYSCAPES} classes from {@code ROOT/gtFine/{split}/{city}/{frame}_gtFine_instanceIds.png}
 * or {@code _gtFine_polygons.json} (option boxes; see {@link CityscapesBoxes}). Sample names are frame ids.
 */
public final class CityscapesDetectionDataset extends GtFineDataset {
    private CityscapesDetectionDataset(Path root, DetectionOptions options, List<GtFineFrames.Frame> frames) {
        super("cityscapes", root, options, frames);
    }

    public static CityscapesDetectionDataset open(Path root, DetectionOptions options) {
        DatasetFolders.requireRoot(root, "Cityscapes");
        Path images = DatasetFolders.requireFolder(root.resolve(CityscapesFiles.IMAGES),
                "Cityscapes' leftImg8bit/{split}/{city}/*" + CityscapesFiles.IMAGE_SUFFIX);
        Path split = CityscapesFiles.split(images, options.split(), "split " + options.split() + " of leftImg8bit/");
        return new CityscapesDetectionDataset(root, options,
                GtFineFrames.find(root, split, CityscapesFiles.IMAGE_SUFFIX, "image", options, ""));
    }
}
