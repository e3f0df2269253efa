package io.github.advent.entropy;

import io.github.advent.entropy.ops.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Probability, self-information and entropy maps on grouped class maps.
 *
 * <p>A grouped map is {@code N x (G*K) x H x W}: G groups of K classes each, channel
 * {@code g*K + k}. Segmentation has one group (G = 1, K = classes); a detector has one group per
 * default box of a feature-map cell. The softmax and the entropy are taken within each group.
 */
public final class EntropyMaps {
    /** ADVENT adds this inside the logarithm so that 0·log 0 evaluates to 0. */
    public static final float LOG_EPSILON = 1e-30f;

    private EntropyMaps() {}

    /** Softmax over the K classes of each group: {@code N x (G*K) x H x W} logits to probabilities. */
    public static NDArray groupSoftmax(NDArray logits, int classes) {
        Shape shape = logits.getShape();
        int groups = groupsOf(shape, classes);
        if (groups == 1) {
            return logits.softmax(1);
        }
        return logits.reshape(groupedShape(shape, groups, classes)).softmax(2).reshape(shape);
    }

    /**
     * ADVENT's weighted self-information map {@code I = −P · log2(P + 1e-30) / log2(K)}, same shape as
     * {@code probabilities}. This is what the discriminators see.
     */
    public static NDArray selfInformation(NDArray probabilities, int classes) {
        groupsOf(probabilities.getShape(), classes);
        float normaliser = (float) (Math.log(classes) / Math.log(2));
        return Scalars.div(probabilities.mul(Scalars.add(probabilities, LOG_EPSILON).log2()), -normaliser);
    }

    /** Normalised entropy per group: sums the self-information over each group's K classes, {@code N x G x H x W}, in [0, 1]. */
    public static NDArray entropy(NDArray selfInformation, int classes) {
        Shape shape = selfInformation.getShape();
        int groups = groupsOf(shape, classes);
        return selfInformation.reshape(groupedShape(shape, groups, classes)).sum(new int[] {2});
    }

    /** The number of groups G of an {@code N x (G*K) x H x W} map; fails when K does not divide the channels. */
    public static int groupsOf(Shape shape, int classes) {
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("expected an N x (G*K) x H x W map, got " + shape);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("entropy needs at least 2 classes, got " + classes);
        }
        long channels = shape.get(1);
        if (channels % classes != 0) {
            throw new IllegalArgumentException(
                    channels + " channels are not a whole number of groups of " + classes + " classes");
        }
        return Math.toIntExact(channels / classes);
    }

    private static Shape groupedShape(Shape shape, int groups, int classes) {
        return new Shape(shape.get(0), groups, classes, shape.get(2), shape.get(3));
    }
}
