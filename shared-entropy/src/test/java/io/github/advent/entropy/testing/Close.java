package io.github.advent.entropy.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Numeric comparisons for tests. */
public final class Close {
    private Close() {}

    /** max |expected − actual| ≤ tolerance · max(1, max |expected|), with equal shapes. */
    public static void assertRelative(float[] expected, Shape expectedShape, NDArray actual, double tolerance) {
        assertRelative(expected, expectedShape, actual, tolerance, "array");
    }

    /** As above; {@code what} names the compared array in a failure. */
    public static void assertRelative(float[] expected, Shape expectedShape, NDArray actual, double tolerance,
            String what) {
        assertEquals(expectedShape, actual.getShape(), what + ": shape");
        assertRelative(expected, actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), tolerance,
                what);
    }

    public static void assertRelative(float[] expected, float[] actual, double tolerance) {
        assertRelative(expected, actual, tolerance, "array");
    }

    public static void assertRelative(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double scale = 1;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double difference = Math.abs((double) expected[i] - actual[i]);
            if (!(difference <= worst)) {
                worst = difference;
                worstAt = i;
            }
        }
        int at = worstAt;
        double bound = tolerance * scale;
        double found = worst;
        assertTrue(found <= bound, () -> what + ": max difference " + found + " at element " + at + " (expected "
                + expected[at] + ", got " + actual[at] + ") exceeds " + bound);
    }

    public static void assertScalar(double expected, NDArray actual, double tolerance) {
        assertEquals(new Shape(), actual.getShape(), "a scalar");
        assertEquals(expected, actual.getFloat(), tolerance * Math.max(1, Math.abs(expected)));
    }

    public static void assertExact(float[] expected, NDArray actual) {
        assertArrayEquals(expected, actual.toFloatArray());
    }
}
