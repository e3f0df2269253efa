package io.github.advent.entropy.optim;

import ai.djl.ndarray.NDArray;

/** Gradient access that does not leak: DJL allocates a new handle on every {@code getGradient()}. */
public final class Gradients {
    private Gradients() {}

    /** A copy of the gradient of {@code array} (zeros before the first backward). */
    public static float[] copy(NDArray array) {
        try (NDArray gradient = array.getGradient()) {
            return gradient.toFloatArray();
        }
    }

    public static void zero(NDArray array) {
        if (!array.hasGradient()) {
            return;
        }
        try (NDArray gradient = array.getGradient()) {
            gradient.subi(gradient);
        }
    }
}
