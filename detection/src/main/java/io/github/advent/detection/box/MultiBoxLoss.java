package io.github.advent.detection.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.github.advent.entropy.ops.Scalars;
import java.util.List;

/**
 * SSD's MultiBox loss: {@code (L_loc + L_conf) / N}, N = positive default boxes in the batch.
 *
 * <ul>
 *   <li>{@code L_loc}: smooth-L1 (β = 1: {@code 0.5·d²} for |d| &lt; 1, else {@code |d| − 0.5}) between the
 *       predicted offsets and the {@linkplain PriorMatching matched} targets, summed over the 4 coordinates of
 *       every positive;
 *   <li>{@code L_conf}: cross-entropy, summed over the positives and the mined negatives. Hard-negative
 *       mining, per image: the background default boxes are ranked by their background cross-entropy
 *       (highest first; the lower index first on ties) and the top {@code min(3·positives, P − 1)} are kept.
 * </ul>
 *
 * <p><b>No objects.</b> An image without positives contributes no negatives (3·0), so it adds nothing, as in
 * the reference. A batch without any positive (N = 0) gives a loss of exactly 0 with zero gradients instead
 * of the reference's 0/0 = NaN: the batch teaches the detector nothing, and a training run does not stop
 * on it. (N is clamped to at least 1, which changes nothing else since N ≥ 1 whenever there is a positive.)
 *
 * <p>Differentiable: DJL ops only (log-softmax + gather for the cross-entropy, {@link Scalars} for numbers);
 * the mining and the masks are computed from detached values in Java, as selection is not differentiated.
 */
public final class MultiBoxLoss {
    /** Mined negatives per positive. */
    public static final int NEGATIVES_PER_POSITIVE = 3;

    private MultiBoxLoss() {}

    /**
     * The loss of a batch and its parts (all scalars in {@code confidences}' manager).
     *
     * @param total {@code (location + confidence)}, the training objective
     * @param location {@code L_loc / N}
     * @param confidence {@code L_conf / N}
     * @param positives N, the positives of the batch
     * @param negatives the mined negatives of the batch
     */
    public record Loss(NDArray total, NDArray location, NDArray confidence, int positives, int negatives) {}

    /**
     * @param confidences class logits {@code N x P x K}, P in {@linkplain DefaultBoxes default-box} order
     * @param locations regression outputs {@code N x P x 4}
     * @param targets one per image, from {@link PriorMatching}
     */
    public static Loss compute(NDArray confidences, NDArray locations, List<PriorMatching.Targets> targets) {
        Shape shape = confidences.getShape();
        if (shape.dimension() != 3 || !locations.getShape().equals(new Shape(shape.get(0), shape.get(1), 4))) {
            throw new IllegalArgumentException("expected N x P x K confidences and N x P x 4 locations, got " + shape
                    + " and " + locations.getShape());
        }
        int images = Math.toIntExact(shape.get(0));
        int priors = Math.toIntExact(shape.get(1));
        if (targets.size() != images) {
            throw new IllegalArgumentException(targets.size() + " targets for " + images + " images");
        }
        NDManager manager = confidences.getManager();
        int[] classes = new int[images * priors];
        float[] locationTargets = new float[images * priors * 4];
        float[] positive = new float[images * priors];
        for (int n = 0; n < images; n++) {
            PriorMatching.Targets t = targets.get(n);
            if (t.classes().length != priors) {
                throw new IllegalArgumentException("targets of image " + n + " cover " + t.classes().length
                        + " default boxes, the network predicts " + priors);
            }
            System.arraycopy(t.classes(), 0, classes, n * priors, priors);
            System.arraycopy(t.locations(), 0, locationTargets, n * priors * 4, priors * 4);
        }
        int positives = 0;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] > 0) {
                positive[i] = 1;
                positives++;
            }
        }

        NDArray ids = manager.create(classes, new Shape(images, priors, 1)).toType(DataType.INT64, false);
        NDArray crossEntropy = confidences.logSoftmax(2).gather(ids, 2).squeeze(2).neg(); // N x P
        float[] selected = mineNegatives(crossEntropy.toFloatArray(), classes, images, priors);
        int negatives = 0;
        for (int i = 0; i < selected.length; i++) {
            negatives += selected[i] > 0 && classes[i] == 0 ? 1 : 0;
        }
        NDArray confidenceSum = crossEntropy.mul(manager.create(selected, new Shape(images, priors))).sum();

        NDArray difference = locations.sub(manager.create(locationTargets, new Shape(images, priors, 4))).abs();
        NDArray linear = Activation.relu(Scalars.sub(difference, 1f)); // |d| − 1 where |d| > 1
        NDArray quadratic = difference.sub(linear); // min(|d|, 1)
        NDArray smoothL1 = Scalars.mul(quadratic.mul(quadratic), 0.5f).add(linear);
        NDArray locationSum = smoothL1.mul(manager.create(positive, new Shape(images, priors, 1))).sum();

        float divisor = Math.max(positives, 1);
        NDArray location = Scalars.div(locationSum, divisor);
        NDArray confidence = Scalars.div(confidenceSum, divisor);
        return new Loss(location.add(confidence), location, confidence, positives, negatives);
    }

    /**
     * 1 for the positives and the mined negatives of each image, else 0.
     *
     * @param backgroundLoss per default box, the cross-entropy against its target (for a background box,
     *     against class 0)
     */
    static float[] mineNegatives(float[] backgroundLoss, int[] classes, int images, int priors) {
        float[] selected = new float[images * priors];
        for (int n = 0; n < images; n++) {
            int offset = n * priors;
            int positives = 0;
            for (int p = 0; p < priors; p++) {
                if (classes[offset + p] > 0) {
                    selected[offset + p] = 1;
                    positives++;
                }
            }
            int wanted = Math.min(NEGATIVES_PER_POSITIVE * positives, priors - 1);
            if (wanted == 0) {
                continue;
            }
            int[] negatives = new int[priors - positives];
            int k = 0;
            for (int p = 0; p < priors; p++) {
                if (classes[offset + p] == 0) {
                    negatives[k++] = p;
                }
            }
            for (int p : highest(backgroundLoss, offset, negatives, Math.min(wanted, negatives.length))) {
                selected[offset + p] = 1;
            }
        }
        return selected;
    }

    /** The {@code count} indices of {@code candidates} with the highest {@code values[offset + i]}, ties by lower index. */
    private static int[] highest(float[] values, int offset, int[] candidates, int count) {
        long[] keys = new long[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            keys[i] = SortKeys.descending(values[offset + candidates[i]], candidates[i]);
        }
        java.util.Arrays.sort(keys);
        int[] top = new int[count];
        for (int i = 0; i < count; i++) {
            top[i] = SortKeys.index(keys[i]);
        }
        return top;
    }
}
