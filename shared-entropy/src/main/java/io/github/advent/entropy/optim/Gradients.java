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

    /**
     * The name of the first grouped parameter whose gradient holds a NaN or an infinity, or
     * {@code null} when all are finite. One reduction per parameter: cheap next to an iteration.
     */
    public static String firstNonFinite(java.util.List<ParameterGroup> groups) {
        for (ParameterGroup group : groups) {
            for (NamedParameter p : group.parameters()) {
                NDArray array = p.parameter().getArray();
                if (!array.hasGradient()) {
                    continue;
                }
                try (NDArray gradient = array.getGradient(); NDArray sum = gradient.sum()) {
                    if (!Float.isFinite(sum.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat())) {
                        return p.name();
                    }
                }
            }
        }
        return null;
    }

    public static void zero(NDArray array) {
        if (!array.hasGradient()) {
            return;
        }
        // an assignment, not g -= g: that leaves NaN and infinite gradients as they are (NaN - NaN = NaN)
        try (NDArray gradient = array.getGradient(); NDArray zeros = gradient.zerosLike()) {
            io.github.advent.entropy.ops.Assign.values(gradient, zeros);
        }
    }
}
