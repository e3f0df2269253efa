package io.github.advent.entropy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A diagnostic, not part of the suite (its name matches none of surefire's test patterns): is libtorch's
 * convolution backward on this CPU deterministic and finite for the layer shapes advent trains? Each shape
 * runs forward and backward four times on identical data; the input and weight gradients must be finite and
 * bit-identical every time. Fails listing the shapes that are not.
 *
 * <p>Measured on the 2-core AMD EPYC (libtorch 2.7.1, 2 threads): with {@code ONEDNN_MAX_CPU_ISA=ALL} every
 * DeepLab-V2 ResNet-101 and discriminator shape passes and equals AVX2 to 1e-6, but the 3→8 and 8→8-channel
 * 3x3s at 300x300 (the demo's 1/8-width SSD) differ on every pass: NaN in 89,700 input-gradient entries in one
 * run, finite but wrong values in another. With AVX2 every shape passes.
 *
 * <p>Run: {@code mvn -B -o -q -pl shared-entropy test -Dtest=ConvKernelCheck -Dsurefire.failIfNoSpecifiedTests=false
 * -Dadvent.test.isa=ALL} (the build's default is AVX2).
 */
class ConvKernelCheck extends ManagedTest {
    /** in, out, kernel, stride, padding, dilation, height, width. */
    private static final int[][] SHAPES = {
        {3, 64, 7, 2, 3, 1, 256, 512}, {64, 64, 3, 1, 1, 1, 65, 129}, {128, 128, 3, 1, 1, 1, 33, 65},
        {256, 256, 3, 1, 2, 2, 33, 65}, {512, 512, 3, 1, 4, 4, 33, 65}, // DeepLab-V2 at 512x256
        {19, 64, 4, 2, 1, 1, 256, 512}, {64, 128, 4, 2, 1, 1, 128, 256}, {128, 256, 4, 2, 1, 1, 64, 128},
        {256, 512, 4, 2, 1, 1, 32, 64}, {512, 1, 4, 2, 1, 1, 16, 32}, // ADVENT's discriminator
        {3, 8, 3, 1, 1, 1, 300, 300}, {8, 8, 3, 1, 1, 1, 300, 300}, {16, 16, 3, 1, 1, 1, 150, 150},
        {32, 32, 3, 1, 1, 1, 75, 75}, {64, 128, 3, 1, 6, 6, 19, 19}, // the demo's 1/8-width SSD
    };

    @Test
    void convolutionGradientsAreFiniteAndRepeatable() {
        SplitMix64 random = new SplitMix64(5);
        List<String> faulty = new ArrayList<>();
        for (int[] s : SHAPES) {
            float[] x = gaussian(s[0] * s[6] * s[7], random);
            float[] w = gaussian(s[1] * s[0] * s[2] * s[2], random);
            float[][] first = null;
            int differing = 0;
            int nonFinite = 0;
            for (int rep = 0; rep < 4; rep++) {
                float[][] gradients = gradients(s, x, w);
                for (float[] g : gradients) {
                    for (float v : g) {
                        nonFinite += Float.isFinite(v) ? 0 : 1;
                    }
                }
                if (first == null) {
                    first = gradients;
                } else if (!Arrays.deepEquals(first, gradients)) {
                    differing++;
                }
            }
            String line = Arrays.toString(s) + ": " + differing + " of 3 repetitions differ, " + nonFinite
                    + " non-finite gradient entries";
            System.out.println(line + " (ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA") + ")");
            if (differing > 0 || nonFinite > 0) {
                faulty.add(line);
            }
        }
        assertTrue(faulty.isEmpty(), "faulty convolution backward: " + faulty);
    }

    private float[][] gradients(int[] s, float[] xValues, float[] wValues) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(xValues, new Shape(1, s[0], s[6], s[7]));
            NDArray w = Scalars.mul(scope.create(wValues, new Shape(s[1], s[0], s[2], s[2])), 0.05f);
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Conv2d.conv2d(x, w, null, new Shape(s[3], s[3]), new Shape(s[4], s[4]),
                        new Shape(s[5], s[5]), 1).head();
                collector.backward(Scalars.mul(y, 0.01f).sum());
            }
            return new float[][] {x.getGradient().toFloatArray(), w.getGradient().toFloatArray()};
        }
    }

    private static float[] gaussian(int n, SplitMix64 random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
