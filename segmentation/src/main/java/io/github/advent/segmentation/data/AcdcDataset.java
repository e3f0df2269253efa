package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import java.nio.file.Path;
import java.util.List;

/**
 * ACDC, the Adverse Conditions Dataset with Correspondences (Sakaridis et al. 2021): images
 * {@code ROOT/rgb_anon/{condition}/{split}/{sequence}/*_rgb_anon.png}, labels
 * {@code ROOT/gt/{condition}/{split}/{sequence}/*_gt_labelTrainIds.png} (or {@code _gt_labelIds.png})
 * in the 19 Cityscapes classes ({@link AnonFrames}). Option condition: fog, night, rain, snow or
 * all (default: the four, in that order); split train, val or test (test has no public labels: open
 * it unlabelled). The {@code *_ref} folders (day-time references) are not read. Images are 1920x1080;
 * default sample size 960x540.
 */
public final class AcdcDataset extends FileDataset {
    /** The four adverse conditions, as ACDC's folders name them. */
    public static final List<String> CONDITIONS = List.of("fog", "night", "rain", "snow");
    /** The condition option's value for the four together. */
    public static final String ALL_CONDITIONS = "all";
    /** Half of ACDC's 1920x1080, as ADVENT halves Cityscapes' 2048x1024. */
    public static final ImageSize DEFAULT_SIZE = new ImageSize(960, 540);

    private AcdcDataset(Path root, DatasetOptions options, AnonFrames.Found found) {
        super("acdc", root, options, DEFAULT_SIZE, found.labelMap(), LabelEncoding.GREY_OR_PALETTE, found.entries());
    }

    public static AcdcDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "ACDC");
        List<String> conditions = ALL_CONDITIONS.equals(options.condition()) ? CONDITIONS : List.of(options.condition());
        List<String> parts = conditions.stream().map(condition -> condition + "/" + options.split()).toList();
        return new AcdcDataset(root, options, AnonFrames.find("acdc", root, parts, options, "ACDC"));
    }
}
