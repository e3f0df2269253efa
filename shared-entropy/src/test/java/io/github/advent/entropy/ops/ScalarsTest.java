package io.github.advent.entropy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.advent.entropy.GradMode;
import org.junit.jupiter.api.Test;

class ScalarsTest {
    /**
     * The number must survive until backward: with DJL's {@code x.mul(3f)} the 3 lives in a Java
     * buffer that may be freed (here: a forced GC and fresh allocations) before backward reads it.
     */
    @Test
    void gradientsThroughScalarOpsSurviveGarbageCollectionBeforeBackward() {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 50; round++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(new float[] {1f, 2f, 4f}, new Shape(3));
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        // d/dx [3x + x/4 + max(x, 1.5) + x^2] = 3 + 0.25 + [x > 1.5] + 2x
                        NDArray y = Scalars.mul(x, 3f).add(Scalars.div(x, 4f)).add(Scalars.maximum(x, 1.5f))
                                .add(Scalars.pow(x, 2f)).add(Scalars.sub(Scalars.add(x, 5f), 5f)).sum();
                        System.gc();
                        for (int i = 0; i < 20; i++) {
                            scope.create(new float[] {Float.NaN, Float.NaN, Float.NaN}).close();
                        }
                        collector.backward(y);
                    }
                    float[] gradient = x.getGradient().toFloatArray();
                    assertEquals(3 + 0.25f + 0 + 2 + 1, gradient[0], 1e-6);
                    assertEquals(3 + 0.25f + 1 + 4 + 1, gradient[1], 1e-6);
                    assertEquals(3 + 0.25f + 1 + 8 + 1, gradient[2], 1e-6);
                }
            }
        }
    }
}
