package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.Image8;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FogModelTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final AtmosphericLight GREY_FOG = new AtmosphericLight(180, 190, 200);

    private final Image8 clear = FogReference.randomImage(W, H, 3, 42);

    @Test
    void noAttenuationLeavesTheImageUnchanged() {
        float[] distance = constant(Float.POSITIVE_INFINITY);
        assertArrayEquals(clear.data(), FogModel.apply(clear, distance, 0, GREY_FOG).data());
        assertArrayEquals(clear.data(), FogModel.apply(clear, constant(0), 0.02, GREY_FOG).data());
    }

    @Test
    void infinitelyFarPixelsAreThePureFogColour() {
        Image8 foggy = FogModel.apply(clear, constant(Float.POSITIVE_INFINITY), 0.02, GREY_FOG);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(GREY_FOG.channel(c), foggy.get(x, y, c));
                }
            }
        }
    }

    @Test
    void aConstantDistanceBlendsEveryPixelByKoschmiedersLaw() {
        double beta = 0.01;
        float l = 70;
        double t = Math.exp(-beta * l); // the guided filter leaves a constant map unchanged
        Image8 foggy = FogModel.apply(clear, constant(l), beta, GREY_FOG);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    double expected = clear.get(x, y, c) * t + GREY_FOG.channel(c) * (1 - t);
                    assertEquals(expected, foggy.get(x, y, c), 0.5 + 1e-3, "at (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void nearStaysClearAndFarTurnsToFog() {
        // left half 2 m away, right half 2 km; the ends are further from the step than the filter
        // reaches (two radii: windows of windows), so they keep their own transmittance
        int w = 4 * (2 * FogModel.GUIDED_FILTER_RADIUS) + 8;
        Image8 wide = FogReference.randomImage(w, 8, 3, 7);
        float[] distance = new float[w * 8];
        for (int i = 0; i < distance.length; i++) {
            distance[i] = i % w < w / 2 ? 2 : 2000;
        }
        Image8 foggy = FogModel.apply(wide, distance, 0.02, GREY_FOG);
        double near = Math.exp(-0.02 * 2);
        for (int y = 0; y < 8; y++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(GREY_FOG.channel(c), foggy.get(w - 1, y, c), 1);
                double expected = wide.get(0, y, c) * near + GREY_FOG.channel(c) * (1 - near);
                assertEquals(expected, foggy.get(0, y, c), 1.5);
            }
        }
    }

    @Test
    void refinedTransmittanceStaysInTheUnitRange() {
        float[] distance = new float[W * H];
        for (int i = 0; i < distance.length; i++) {
            distance[i] = (i * 7919) % 500; // rough, so the filter overshoots before the clip
        }
        float[] t = FogModel.refinedTransmittance(clear, distance, 0.02);
        for (float v : t) {
            assertTrue(v >= 0 && v <= 1, "t = " + v);
        }
    }

    @Test
    void theEstimatedLightIsTheDefault() {
        float[] distance = constant(150);
        assertArrayEquals(FogModel.apply(clear, distance, 0.01, AtmosphericLight.estimate(clear)).data(),
                FogModel.apply(clear, distance, 0.01).data());
    }

    @Test
    void refusesWrongShapesAndImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> FogModel.apply(clear, new float[W], 0.01, GREY_FOG));
        assertThrows(IllegalArgumentException.class, () -> FogModel.apply(clear, constant(-1), 0.01, GREY_FOG));
        assertThrows(IllegalArgumentException.class, () -> FogModel.apply(clear, constant(Float.NaN), 0.01, GREY_FOG));
        assertThrows(IllegalArgumentException.class, () -> FogModel.apply(clear, constant(1), -0.01, GREY_FOG));
        assertThrows(IllegalArgumentException.class,
                () -> FogModel.apply(Image8.blank(W, H, 1), constant(1), 0.01, GREY_FOG));
        assertThrows(IllegalArgumentException.class, () -> FogModel.blend(clear, constant(1.5f), GREY_FOG));
    }

    private static float[] constant(float value) {
        float[] map = new float[W * H];
        Arrays.fill(map, value);
        return map;
    }
}
