package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FogGuidedFilterTest {
    private static final int W = 14;
    private static final int H = 11;

    @Test
    void greyGuideEqualsTheDefinitionWindowByWindow() {
        float[] guide = FogReference.randomMap(W, H, 1);
        float[] input = FogReference.randomMap(W, H, 2);
        for (int radius : new int[] {1, 3}) {
            for (double eps : new double[] {1e-3, 0.1}) {
                double[] expected = FogReference.guidedFilter(new float[][] {guide}, input, W, H, radius, eps);
                assertClose(expected, GuidedFilter.grey(guide, input, W, H, radius, eps), 2e-5);
            }
        }
    }

    @Test
    void colourGuideEqualsTheDefinitionWindowByWindow() {
        float[][] guide = {FogReference.randomMap(W, H, 3), FogReference.randomMap(W, H, 4), FogReference.randomMap(W, H, 5)};
        float[] input = FogReference.randomMap(W, H, 6);
        for (int radius : new int[] {1, 4}) {
            for (double eps : new double[] {1e-3, 0.05}) {
                double[] expected = FogReference.guidedFilter(guide, input, W, H, radius, eps);
                assertClose(expected, GuidedFilter.colour(guide[0], guide[1], guide[2], input, W, H, radius, eps), 2e-4);
            }
        }
    }

    @Test
    void aConstantGuideReturnsAConstantInputUnchanged() {
        float[] guide = new float[W * H];
        Arrays.fill(guide, 0.4f);
        float[] input = new float[W * H];
        Arrays.fill(input, 0.25f);
        assertClose(toDouble(input), GuidedFilter.grey(guide, input, W, H, 3, 1e-3), 1e-7);
        assertClose(toDouble(input), GuidedFilter.colour(guide, guide, guide, input, W, H, 3, 1e-3), 1e-7);
    }

    @Test
    void aConstantGuideGivesTheMeanOfWindowMeans() {
        // a = 0 everywhere, b = window mean of the input: the output is a box filter applied twice
        float[] guide = new float[W * H];
        Arrays.fill(guide, 0.7f);
        float[] input = FogReference.randomMap(W, H, 8);
        int r = 2;
        float[] once = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                once[y * W + x] = (float) FogReference.windowMean(input, W, H, x, y, r);
            }
        }
        double[] twice = new double[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                twice[y * W + x] = FogReference.windowMean(once, W, H, x, y, r);
            }
        }
        assertClose(twice, GuidedFilter.grey(guide, input, W, H, r, 1e-3), 1e-6);
    }

    @Test
    void withTinyEpsTheGuideItselfComesBack() {
        // every window of random data has variance, so the fit of p on I = p is exact: a = 1, b = 0
        float[] image = FogReference.randomMap(W, H, 9);
        assertClose(toDouble(image), GuidedFilter.grey(image, image, W, H, 2, 1e-9), 1e-5);
        // colour: the input is the green plane, fitted exactly by (0, 1, 0)
        float[] red = FogReference.randomMap(W, H, 10);
        float[] blue = FogReference.randomMap(W, H, 11);
        assertClose(toDouble(image), GuidedFilter.colour(red, image, blue, image, W, H, 2, 1e-9), 1e-4);
    }

    @Test
    void refusesMismatchedMapsAndBadParameters() {
        float[] map = new float[W * H];
        assertThrows(IllegalArgumentException.class, () -> GuidedFilter.grey(new float[3], map, W, H, 1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GuidedFilter.grey(map, map, W, H + 1, 1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GuidedFilter.grey(map, map, W, H, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> GuidedFilter.colour(map, map, map, map, W, H, -1, 1e-3));
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "at pixel (" + i % W + ", " + i / W + ")");
        }
    }
}
