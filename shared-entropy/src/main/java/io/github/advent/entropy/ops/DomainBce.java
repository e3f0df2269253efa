package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;

/**
 * Binary cross-entropy with logits against a constant domain label, averaged over every element,
 * as {@code F.binary_cross_entropy_with_logits(x, torch.full_like(x, label))}.
 *
 * <p>Uses the stable form {@code max(x, 0) − x·y + log(1 + exp(−|x|))}. DJL's built-in loss is
 * avoided because its {@code fromSigmoid} variant has a sign bug and it needs a label array.
 */
public final class DomainBce {
    /** ADVENT's code convention: 0 = source, 1 = target. */
    public static final float SOURCE = 0f;

    public static final float TARGET = 1f;

    private DomainBce() {}

    public static NDArray withLogits(NDArray logits, float label) {
        NDArray softplusOfMinusAbs = Scalars.add(logits.abs().neg().exp(), 1f).log();
        return Scalars.maximum(logits, 0f).sub(Scalars.mul(logits, label)).add(softplusOfMinusAbs).mean();
    }
}
