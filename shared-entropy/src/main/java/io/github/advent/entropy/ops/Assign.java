package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.github.advent.entropy.GradMode;

/**
 * Overwrites an array's values in place (initialisation, weight import, checkpoint restore).
 *
 * <p>An indexed assignment keeps the target's libtorch-owned storage and replaces every element,
 * NaN included. {@code NDArray.set(Buffer)} is avoided: it swaps the storage for a Java direct
 * buffer that only that NDArray object keeps alive.
 */
public final class Assign {
    private Assign() {}

    public static void values(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            values(target, source);
        }
    }

    /** Copies {@code source} (same shape, any numeric type) into {@code target}, converting to the target's type. */
    public static void values(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("cannot assign " + source.getShape() + " to " + target.getShape());
        }
        GradMode.noGrad(() -> {
            try (NDArray typed = source.toType(target.getDataType(), true)) {
                target.set(new NDIndex("..."), typed);
            }
        });
    }
}
