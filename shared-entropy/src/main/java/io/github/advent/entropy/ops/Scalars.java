package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a Java number that is safe inside an autograd graph.
 *
 * <p>DJL's {@code x.mul(2f)} (likewise div, pow, maximum, …) wraps the number in a tensor that
 * aliases a Java direct buffer and closes it right after the op. {@code mul}, {@code div},
 * {@code pow} and {@code maximum} save that tensor for backward, so backward later reads memory the
 * garbage collector may already have freed: gradients turn into NaN or garbage at random. Here the
 * number becomes a tensor that libtorch owns ({@code torch.full}), which the graph keeps alive for
 * as long as it needs it. Use these in forward passes and losses; optimiser updates (no graph) may
 * use DJL's own.
 */
public final class Scalars {
    private Scalars() {}

    /** A 0-d tensor holding {@code value}, owned by libtorch, on {@code like}'s device, of its type. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    public static NDArray mul(NDArray x, float value) {
        return x.mul(of(x, value));
    }

    public static NDArray div(NDArray x, float value) {
        return x.div(of(x, value));
    }

    public static NDArray add(NDArray x, float value) {
        return x.add(of(x, value));
    }

    public static NDArray sub(NDArray x, float value) {
        return x.sub(of(x, value));
    }

    public static NDArray maximum(NDArray x, float value) {
        return x.maximum(of(x, value));
    }

    public static NDArray pow(NDArray x, float exponent) {
        return x.pow(of(x, exponent));
    }
}
