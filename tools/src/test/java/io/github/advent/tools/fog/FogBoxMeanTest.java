package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FogBoxMeanTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 20})
    void equalsTheMeanOverEachWindowsInImagePixels(int radius) {
        int w = 13;
        int h = 9;
        float[] map = FogReference.randomMap(w, h, 7 + radius);
        float[] mean = BoxMean.mean(map, w, h, radius);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(FogReference.windowMean(map, w, h, x, y, radius), mean[y * w + x], 1e-6,
                        "at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aConstantMapStaysExactlyConstant() {
        float[] map = new float[40 * 30];
        Arrays.fill(map, 0.3f);
        float[] expected = map.clone();
        assertArrayEquals(expected, BoxMean.mean(map, 40, 30, 20));
    }

    @Test
    void oneRowAndOneColumnWork() {
        float[] row = {1, 2, 3, 4};
        assertArrayEquals(new float[] {1.5f, 2, 3, 3.5f}, BoxMean.mean(row, 4, 1, 1));
        assertArrayEquals(new float[] {1.5f, 2, 3, 3.5f}, BoxMean.mean(row, 1, 4, 1));
    }

    @Test
    void refusesAWrongShapeOrNegativeRadius() {
        assertThrows(IllegalArgumentException.class, () -> BoxMean.mean(new float[5], 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> BoxMean.mean(new float[6], 2, 3, -1));
    }
}
