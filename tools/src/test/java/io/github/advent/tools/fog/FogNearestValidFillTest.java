package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FogNearestValidFillTest {
    private static final int W = 17;
    private static final int H = 11;

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.05, 0.3, 0.9})
    void everyPixelGetsAValidPixelAtTheSmallestEuclideanDistance(double density) {
        Random random = new Random(Double.doubleToLongBits(density));
        boolean[] valid = new boolean[W * H];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = random.nextDouble() < density;
        }
        valid[random.nextInt(valid.length)] = true;
        checkNearest(valid);
    }

    @Test
    void oneValidPixelOrOneValidColumnOrRowFillsEverything() {
        boolean[] single = new boolean[W * H];
        single[5 * W + 3] = true;
        checkNearest(single);
        boolean[] column = new boolean[W * H];
        for (int y = 0; y < H; y++) {
            column[y * W + W - 1] = true;
        }
        checkNearest(column);
        boolean[] row = new boolean[W * H];
        for (int x = 0; x < W; x++) {
            row[x] = true;
        }
        checkNearest(row);
    }

    @Test
    void fillCopiesTheNearestValidValueAndKeepsValidOnes() {
        // 4x1: valid at 0 (value 1) and 3 (value 4); pixel 1 is nearer 0, pixel 2 nearer 3
        float[] values = {1, -1, -1, 4};
        NearestValidFill.fill(values, new boolean[] {true, false, false, true}, 4, 1);
        assertArrayEquals(new float[] {1, 1, 4, 4}, values);
    }

    @Test
    void refusesAMapWithoutAValidPixel() {
        assertThrows(IllegalArgumentException.class, () -> NearestValidFill.nearestValid(new boolean[6], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> NearestValidFill.nearestValid(new boolean[5], 3, 2));
    }

    private static void checkNearest(boolean[] valid) {
        int[] nearest = NearestValidFill.nearestValid(valid, W, H);
        for (int p = 0; p < valid.length; p++) {
            int best = Integer.MAX_VALUE;
            for (int q = 0; q < valid.length; q++) {
                if (valid[q]) {
                    best = Math.min(best, distance2(p, q));
                }
            }
            int chosen = nearest[p];
            assertTrue(valid[chosen], "pixel " + p + " was given invalid pixel " + chosen);
            assertEquals(best, distance2(p, chosen), "pixel " + p + " was given a farther pixel " + chosen);
        }
    }

    private static int distance2(int p, int q) {
        int dx = p % W - q % W;
        int dy = p / W - q / W;
        return dx * dx + dy * dy;
    }
}
