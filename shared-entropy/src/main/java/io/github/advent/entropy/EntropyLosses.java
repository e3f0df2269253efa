package io.github.advent.entropy;

import io.github.advent.entropy.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The entropy objectives of ADVENT on grouped maps: MinEnt's mean entropy, its entropy-ranking
 * variant (ER) and the class-ratio prior (CP).
 *
 * <p>Inputs are entropy maps {@code N x G x H x W} (from {@link EntropyMaps#entropy}) or
 * probability maps {@code N x (G*K) x H x W}. A valid mask, where given, is {@code N x 1 x H x W}
 * or {@code N x G x H x W} with 1 for positions that count; positions with 0 are left out of both
 * the sum and the count.
 */
public final class EntropyLosses {
    /** The paper's ER ratio: the 30 % highest-entropy positions of each image. */
    public static final double DEFAULT_RANKING_RATIO = 0.3;

    /** The paper's CP weight on the source class distribution. */
    public static final double DEFAULT_PRIOR_MU = 0.5;

    private EntropyLosses() {}

    /** Mean normalised entropy over N, G, H and W (ADVENT's {@code entropy_loss}). */
    public static NDArray meanEntropy(NDArray entropy) {
        return entropy.mean();
    }

    /**
     * Mean normalised entropy over the valid positions; 0 when none is valid.
     *
     * @param mask {@code N x 1 x H x W} or {@code N x G x H x W}, 1 = valid; {@code null} = all valid
     */
    public static NDArray meanEntropy(NDArray entropy, NDArray mask) {
        if (mask == null) {
            return meanEntropy(entropy);
        }
        NDArray fullMask = mask.toType(entropy.getDataType(), false).broadcast(entropy.getShape());
        return entropy.mul(fullMask).sum().div(Scalars.maximum(fullMask.sum(), 1f));
    }

    /**
     * Entropy ranking: the mean entropy of the {@code ceil(ratio · n)} highest-entropy valid
     * positions of each image (n = the image's valid positions over G, H and W), averaged over every
     * selected position of the batch.
     */
    public static NDArray rankedEntropy(NDArray entropy, double ratio, NDArray mask) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("entropy-ranking ratio must be in (0, 1], got " + ratio);
        }
        Shape shape = entropy.getShape();
        long images = shape.get(0);
        long positions = shape.size() / images;
        NDArray flat = entropy.reshape(images, positions);
        float[] validCounts = new float[(int) images];
        NDArray ranked = flat;
        if (mask == null) {
            Arrays.fill(validCounts, positions);
        } else {
            NDArray flatMask = mask.toType(entropy.getDataType(), false).broadcast(shape).reshape(images, positions);
            float[] counts = flatMask.sum(new int[] {1}).toFloatArray();
            System.arraycopy(counts, 0, validCounts, 0, counts.length);
            // entropy is in [0, 1]: moving invalid positions to -1 ranks them last.
            ranked = flat.mul(flatMask).add(Scalars.sub(flatMask, 1f));
        }
        NDList selected = new NDList();
        long selectedCount = 0;
        for (int i = 0; i < images; i++) {
            int k = (int) Math.ceil(ratio * validCounts[i] - 1e-9);
            if (k == 0) {
                continue;
            }
            selected.add(ranked.get(i).topK(k, 0, true, false).get(0));
            selectedCount += k;
        }
        if (selectedCount == 0) {
            return Scalars.mul(entropy.sum(), 0f);
        }
        NDArray all = selected.size() == 1 ? selected.get(0) : NDArrays.concat(selected);
        return Scalars.div(all.sum(), (float) selectedCount);
    }

    /**
     * Class-ratio prior {@code Σ_c max(0, μ · p_s(c) − mean P_t(c))}, the mean taken over N, G, H, W:
     * penalises a target prediction that gives a class much less area than the source has.
     *
     * @param probabilities {@code N x (G*K) x H x W}
     * @param sourceDistribution p_s, L1-normalised, length K
     */
    public static NDArray classPrior(NDArray probabilities, int classes, float[] sourceDistribution, double mu) {
        if (sourceDistribution.length != classes) {
            throw new IllegalArgumentException(
                    "source class distribution has " + sourceDistribution.length + " classes, the map has " + classes);
        }
        Shape shape = probabilities.getShape();
        int groups = EntropyMaps.groupsOf(shape, classes);
        float[] floor = new float[classes];
        for (int c = 0; c < classes; c++) {
            floor[c] = (float) (mu * sourceDistribution[c]);
        }
        // classes first, then one mean over everything else (the engine's mean takes one axis)
        NDArray perClass = probabilities.reshape(shape.get(0), groups, classes, shape.get(2), shape.get(3))
                .transpose(2, 0, 1, 3, 4)
                .reshape(classes, -1)
                .mean(new int[] {1});
        NDArray floorArray = probabilities.getManager().create(floor).toType(probabilities.getDataType(), false);
        return Scalars.maximum(floorArray.sub(perClass), 0f).sum();
    }
}
