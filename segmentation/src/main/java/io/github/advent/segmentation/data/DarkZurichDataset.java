package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * Dark Zurich (Sakaridis et al. 2019), its night-time images only, the adaptation target:
 * {@code ROOT/rgb_anon/{split}/night/{sequence}/*_rgb_anon.png}; the annotated val split's labels
 * {@code ROOT/gt/val/night/{sequence}/*_gt_labelTrainIds.png} (or {@code _gt_labelIds.png}) in the
 * 19 Cityscapes classes ({@link AnonFrames}). Split train (day, twilight and night folders; only
 * night is read), val or test (no public labels). Images are 1920x1080; default sample size 960x540.
 */
public final class DarkZurichDataset extends FileDataset {
    private DarkZurichDataset(Path root, DatasetOptions options, AnonFrames.Found found) {
        super("dark-zurich", root, options, AcdcDataset.DEFAULT_SIZE, found.labelMap(), LabelEncoding.GREY_OR_PALETTE, found.entries());
    }

    public static DarkZurichDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "Dark Zurich");
        return new DarkZurichDataset(root, options,
                AnonFrames.find("dark-zurich", root, List.of(options.split() + "/night"), options, "Dark Zurich"));
    }
}
