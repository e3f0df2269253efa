package io.github.advent.eval.segmentation;

import io.github.advent.eval.segmentation.ClassSet.MeanDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The scores of one evaluation: the confusion matrix, per-class IoU (fractions in [0, 1], NaN for
 * a class neither in the ground truth nor predicted) and the benchmark's means, each the mean over
 * its classes with a defined IoU (NaN skipped, as the Cityscapes scripts and ADVENT's nanmean do).
 *
 * @param classSet what was scored
 * @param matrix the pixel counts (ground truth x prediction)
 * @param iou per class, indexed by train id
 * @param means one per {@link ClassSet#means()}, in that order
 * @param images how many images were scored
 */
public record SegmentationScores(ClassSet classSet, ConfusionMatrix matrix, double[] iou, List<Mean> means,
        int images) {

    /** One reported mean. */
    public record Mean(String name, String description, int classes, double value) {}

    public SegmentationScores {
        iou = iou.clone();
        means = List.copyOf(means);
    }

    @Override
    public double[] iou() {
        return iou.clone();
    }

    public static SegmentationScores of(ClassSet classSet, ConfusionMatrix matrix, int images) {
        if (matrix.classes() != classSet.size()) {
            throw new IllegalArgumentException("a " + matrix.classes() + "-class matrix for the " + classSet.size()
                    + "-class set");
        }
        double[] iou = matrix.iou();
        List<Mean> means = new ArrayList<>();
        for (MeanDefinition d : classSet.means()) {
            means.add(new Mean(d.name(), d.description(), d.classes().length, nanMean(iou, d.classes())));
        }
        return new SegmentationScores(classSet, matrix.copy(), iou, means, images);
    }

    /** The headline mean (mIoU-19, or mIoU-16 for SYNTHIA). */
    public double mainMean() {
        return means.get(0).value();
    }

    /** The mean of {@code values[i]} over {@code indices}, skipping NaN; NaN when all are NaN. */
    public static double nanMean(double[] values, int[] indices) {
        double sum = 0;
        int n = 0;
        for (int i : indices) {
            if (!Double.isNaN(values[i])) {
                sum += values[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
