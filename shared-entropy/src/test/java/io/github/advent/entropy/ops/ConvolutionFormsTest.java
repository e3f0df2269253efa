package io.github.advent.entropy.ops;

import static io.github.advent.entropy.testing.Close.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.advent.entropy.testing.ManagedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link PointwiseConvolution} and {@link TapConvolution} against {@link DirectConvolution} (the
 * definition, as loops in double precision): values and every gradient. Not against libtorch's conv2d:
 * its CPU backward returns NaN input gradients at random, AVX2 included, on a loaded machine.
 */
class ConvolutionFormsTest extends ManagedTest {
    private static final double TOLERANCE = 1e-5;

    /** One convolution of a sum: kernel size, stride, padding, dilation, and whether it has a bias. */
    private record Spec(int kernel, int stride, int padding, int dilation, boolean biased) {}

    @Test
    void pointwiseEqualsTheDefinitionAtEveryStrideOnOddSizes() {
        for (int stride : new int[] {1, 2, 3}) {
            assertMatchesDefinition(new Shape(2, 5, 7, 9), 4, List.of(new Spec(1, stride, 0, 1, true)),
                    l -> PointwiseConvolution.apply(l.get(0), l.get(1), l.get(2), stride));
        }
        assertMatchesDefinition(new Shape(1, 3, 4, 4), 2, List.of(new Spec(1, 1, 0, 1, false)),
                l -> PointwiseConvolution.apply(l.get(0), l.get(1), null, 1));
    }

    @Test
    void summedBranchesEqualTheDefinitionEvenWhenTapsFallOutsideTheMap() {
        // dilation 12 on a 9 x 11 map: taps 12 away read padding only (rows) or partly (columns)
        List<Spec> specs = List.of(new Spec(3, 1, 1, 1, true), new Spec(3, 1, 4, 4, false),
                new Spec(3, 1, 12, 12, true), new Spec(5, 1, 4, 2, true), new Spec(1, 1, 0, 1, true));
        assertMatchesDefinition(new Shape(2, 6, 9, 11), 3, specs, l -> {
            List<TapConvolution.Branch> branches = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                branches.add(new TapConvolution.Branch(l.get(1 + 2 * i), specs.get(i).biased() ? l.get(2 + 2 * i) : null,
                        specs.get(i).dilation()));
            }
            return TapConvolution.sum(l.get(0), branches);
        });
    }

    @Test
    void aSingleCornerTapShiftsTheInputAndFillsZeros() {
        // weight 1 at the top-left tap (dy = dx = -d): out[y, x] = in[y - d, x - d], 0 where that is outside
        NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new Shape(1, 1, 3, 4));
        NDArray w = manager.create(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0}, new Shape(1, 1, 3, 3));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 3, 0, 5, 6, 7},
                TapConvolution.apply(x, w, null, 1).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2},
                TapConvolution.apply(x, w, null, 2).toFloatArray());
        // biases of every branch are added once
        NDArray bias = manager.create(new float[] {0.5f});
        NDArray twice = TapConvolution.sum(x, List.of(new TapConvolution.Branch(w, bias, 1),
                new TapConvolution.Branch(w.mul(0), bias, 3)));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 2, 3, 4, 1, 6, 7, 8}, twice.toFloatArray());
    }

    @Test
    void refusesKernelsItCannotComputeAsTaps() {
        NDArray x = random(new Shape(1, 2, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> TapConvolution.apply(x, random(new Shape(1, 2, 2, 2)), null, 1));
        assertThrows(IllegalArgumentException.class, () -> TapConvolution.apply(x, random(new Shape(1, 3, 3, 3)), null, 1));
        assertThrows(IllegalArgumentException.class, () -> TapConvolution.apply(x, random(new Shape(1, 2, 3, 3)), null, 0));
        assertThrows(IllegalArgumentException.class, () -> TapConvolution.sum(x, List.of(
                new TapConvolution.Branch(random(new Shape(1, 2, 3, 3)), null, 1),
                new TapConvolution.Branch(random(new Shape(2, 2, 3, 3)), null, 1))));
        assertThrows(IllegalArgumentException.class, () -> PointwiseConvolution.apply(x, random(new Shape(1, 2, 3, 3)), null, 1));
        assertThrows(IllegalArgumentException.class, () -> PointwiseConvolution.apply(x, random(new Shape(1, 2, 1, 1)), null, 0));
    }

    private NDArray random(Shape shape) {
        return manager.randomNormal(0, 1, shape, DataType.FLOAT32);
    }

    /**
     * Builds an input of {@code inputShape} and, per spec, an {@code outputs}-channel kernel and a bias
     * (leaves: x, w0, b0, w1, b1, ...; unused biases are left out of the form's sum), runs {@code form} on
     * them and checks its value and the gradients of sum(y · upstream) against the loops.
     */
    private void assertMatchesDefinition(Shape inputShape, int outputs, List<Spec> specs, Function<NDList, NDArray> form) {
        NDList leaves = new NDList(random(inputShape));
        for (Spec spec : specs) {
            leaves.add(random(new Shape(outputs, inputShape.get(1), spec.kernel(), spec.kernel())));
            leaves.add(random(new Shape(outputs)));
        }
        for (NDArray leaf : leaves) {
            leaf.setRequiresGradient(true);
        }
        NDArray upstream;
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = form.apply(leaves);
            upstream = random(y.getShape());
            collector.backward(y.mul(upstream).sum());
        }
        float[] x = leaves.get(0).toFloatArray();
        float[] g = upstream.toFloatArray();
        double[] value = new double[Math.toIntExact(y.size())];
        double[] inputGradient = new double[x.length];
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            DirectConvolution direct = new DirectConvolution(inputShape.getShape(), leaves.get(1 + 2 * i).getShape().getShape(),
                    spec.stride(), spec.padding(), spec.dilation());
            assertArrayEquals(new long[] {inputShape.get(0), outputs, direct.outHeight, direct.outWidth},
                    y.getShape().getShape(), "output shape");
            float[] w = leaves.get(1 + 2 * i).toFloatArray();
            float[] b = spec.biased() ? leaves.get(2 + 2 * i).toFloatArray() : null;
            add(value, direct.forward(x, w, b));
            add(inputGradient, direct.inputGradient(w, g));
            assertClose(direct.kernelGradient(x, g), leaves.get(1 + 2 * i), "kernel " + i + " gradient");
            if (spec.biased()) {
                assertClose(direct.biasGradient(g), leaves.get(2 + 2 * i), "bias " + i + " gradient");
            }
        }
        assertRelative(floats(value), y.getShape(), y, TOLERANCE, "value");
        assertClose(inputGradient, leaves.get(0), "input gradient");
    }

    private static void assertClose(double[] expected, NDArray leaf, String what) {
        assertRelative(floats(expected), leaf.getShape(), leaf.getGradient(), TOLERANCE, what);
    }

    private static void add(double[] sum, double[] term) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += term[i];
        }
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
