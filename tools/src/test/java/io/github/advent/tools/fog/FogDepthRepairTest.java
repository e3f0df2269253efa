package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.advent.entropy.io.IntImage;
import org.junit.jupiter.api.Test;

class FogDepthRepairTest {
    /** fx = fy = 200, v0 = 10, 1.2 m above the road, pitched down 0.02 rad: the horizon at row 10 - 200 tan 0.02 = 6.0. */
    static final Camera CAMERA = new Camera(0.2, 200, 200, 8, 10, 1.2, 0.02);

    @Test
    void theRoadDepthOfARowFollowsHeightAndPitch() {
        // row 10 (the principal point): the ray descends sin(0.02) = 0.0199987 per metre -> 60.004 m;
        // row 16: 6/200 cos(0.02) + sin(0.02) = 0.0499927 -> 24.0035 m; the horizon row and above: infinitely far
        assertEquals(60.004, CAMERA.roadDepthAtRow(10), 1e-3);
        assertEquals(24.0035, CAMERA.roadDepthAtRow(16), 1e-3);
        assertEquals(Double.POSITIVE_INFINITY, CAMERA.roadDepthAtRow(5.9));
        assertEquals(Double.POSITIVE_INFINITY, CAMERA.roadDepthAtRow(0));
    }

    @Test
    void theLeftBandIsTheColumnsOfTheLeftQuarterThatAreMostlyInvalidOrAtInfinity() {
        // 16x4: columns 0-2 hold 0s and 1s (3 of 4 rows) and one spurious match; column 3 is half unreliable
        // (not over half); column 5, beyond it, is wholly invalid but reliable columns lie between
        int w = 16;
        int h = 4;
        int[] v = new int[w * h];
        java.util.Arrays.fill(v, 2561); // d = 10 px
        for (int y = 0; y < h; y++) {
            v[y * w] = y == 2 ? 300 : 0;
            v[y * w + 1] = y == 0 ? 2561 : 1;
            v[y * w + 2] = y % 3 == 0 ? 0 : 1;
            v[y * w + 3] = y < 2 ? 0 : 2561;
        }
        assertEquals(3, DepthRepair.unseenLeftBand(v, w, h));
        for (int y = 0; y < h; y++) {
            v[y * w + 5] = 0;
        }
        assertEquals(3, DepthRepair.unseenLeftBand(v, w, h), "column 5 lies outside the left quarter (4 columns)");
        assertEquals(0, DepthRepair.unseenLeftBand(new int[] {9, 0, 0, 0}, 4, 1), "column 0 is reliable, the rest lies beyond the left quarter");
    }

    @Test
    void theBandTakesTheDepthOfTheFirstReliablePixelToItsRightInItsRow() {
        // 12x3, no road cap (camera looking up); row y beyond the band has disparity 10 (y + 1) px
        Camera up = new Camera(0.2, 200, 200, 6, 1.5, 1.2, -0.2);
        int w = 12;
        int h = 3;
        int[] v = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = x < 2 ? (x + y) % 2 : 2560 * (y + 1) + 1;
            }
            v[y * w] = y == 1 ? 2 : v[y * w]; // a spurious far match inside the band
        }
        float[] depth = DisparityDepth.depthMetres(new IntImage(w, h, 16, v), up);
        for (int y = 0; y < h; y++) {
            float expected = (float) (0.2 * 200 / (10.0 * (y + 1)));
            for (int x = 0; x < w; x++) {
                assertEquals(expected, depth[y * w + x], 1e-5, "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void nothingBelowTheHorizonIsFartherThanTheRoadAtItsRow() {
        // 4x20, every pixel at infinity (as a spurious match on the hood reads) but one near pixel per row
        int w = 4;
        int h = 20;
        float[] depth = new float[w * h];
        java.util.Arrays.fill(depth, Float.POSITIVE_INFINITY);
        for (int y = 0; y < h; y++) {
            depth[y * w + 1] = 3f;
        }
        DepthRepair.capAtRoad(depth, w, h, CAMERA);
        for (int y = 0; y < h; y++) {
            float road = (float) CAMERA.roadDepthAtRow(y);
            assertEquals(y < 6 ? Float.POSITIVE_INFINITY : road, depth[y * w], "row " + y);
            assertEquals(Math.min(3f, road), depth[y * w + 1], "row " + y + ": nearer than the road, kept");
        }
        assertEquals(24.0035f, depth[16 * w + 3], 1e-3f);
    }
}
