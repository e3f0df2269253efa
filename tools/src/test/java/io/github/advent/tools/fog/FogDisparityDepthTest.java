package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FogDisparityDepthTest {
    /** Looking slightly up: the horizon lies 20 rows below these tiny maps, so no road cap applies. */
    static final Camera CAMERA = new Camera(0.2, 2000, 2001, 1.5, 0.5, 1.2, -0.01);

    @TempDir
    Path dir;

    @Test
    void depthIsBaselineTimesFocalOverDisparityWithZeroDisparityAtInfinity() {
        // stored v: d = (v - 1) / 256 pixels; v = 257 is d = 1, v = 513 is d = 2, v = 1 is d = 0
        IntImage disparity = new IntImage(3, 1, 16, new int[] {257, 513, 1});
        float[] depth = DisparityDepth.depthMetres(disparity, CAMERA);
        assertEquals(0.2 * 2000 / 1, depth[0], 1e-3);
        assertEquals(0.2 * 2000 / 2, depth[1], 1e-3);
        assertEquals(Float.POSITIVE_INFINITY, depth[2]);
    }

    @Test
    void invalidPixelsTakeTheDepthOfTheNearestValidPixel() {
        // 4x3; valid: (0,0) and (0,1) d=1 -> 400 m, (3,2) d=4 -> 100 m; the rest invalid (v = 0). Column 0 is
        // only a third invalid, so it is no unseen band (FogDepthRepairTest)
        int[] v = new int[12];
        v[0] = 257;
        v[4] = 257;
        v[11] = 1025;
        float[] depth = DisparityDepth.depthMetres(new IntImage(4, 3, 16, v), CAMERA);
        float[] expected = {400, 400, 400, 100, 400, 400, 100, 100, 400, 400, 100, 100};
        for (int i = 0; i < 12; i++) {
            assertEquals(expected[i], depth[i], 1e-3, "pixel " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> DisparityDepth.depthMetres(new IntImage(2, 2, 16, new int[4]), CAMERA));
    }

    @Test
    void distanceFollowsTheRayThroughEachPixel() {
        float[] depth = {10, 10, 10, 10, 20, 20, 20, 20};
        float[] distance = DisparityDepth.distanceMetres(depth, 4, 2, CAMERA);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                double ray = Math.sqrt(2000.0 * 2000 + (x - 1.5) * (x - 1.5) + (y - 0.5) * (y - 0.5)) / 2000;
                assertEquals(depth[y * 4 + x] * ray, distance[y * 4 + x], 1e-5);
            }
        }
        // far off the optical axis the ray is longer: 2000 px right of u0 is 45 degrees, sqrt(2)
        Camera wide = new Camera(0.2, 2000, 2000, 0, 0, 1.2, 0);
        float[] row = DisparityDepth.distanceMetres(new float[2001], 2001, 1, wide);
        assertEquals(0, row[2000]);
        float[] far = new float[2001];
        java.util.Arrays.fill(far, 10);
        assertEquals(10 * Math.sqrt(2), DisparityDepth.distanceMetres(far, 2001, 1, wide)[2000], 1e-4);
    }

    @Test
    void readsA16BitPngAndChecksItsSizeDepthAndContent() {
        Path file = dir.resolve("x_disparity.png");
        Images.writePng16(file, 3, 2, 1, new int[] {257, 0, 513, 257, 257, 1});
        float[] distance = DisparityDepth.readDistanceMetres(file, CAMERA, 3, 2);
        assertEquals(6, distance.length);
        assertEquals(400 * Math.sqrt(2000.0 * 2000 + 1.5 * 1.5 + 0.25) / 2000, distance[0], 1e-3);
        assertEquals(Float.POSITIVE_INFINITY, distance[5]);

        bad(file, 4, 2, "disparity is 3x2, its image is 4x2");
        Path eight = dir.resolve("eight_disparity.png");
        Images.writeGrey(eight, new IntImage(3, 2, 8, new int[] {1, 2, 3, 4, 5, 6}));
        bad(eight, 3, 2, "8-bit image: a Cityscapes disparity map is 16-bit");
        Path empty = dir.resolve("empty_disparity.png");
        Images.writePng16(empty, 3, 2, 1, new int[6]);
        bad(empty, 3, 2, "no valid disparity");
        Path bandOnly = dir.resolve("band_disparity.png");
        int[] band = new int[8 * 3]; // valid pixels only in column 0, which is 2/3 invalid or at infinity
        band[0] = 257;
        band[8] = 1;
        Images.writePng16(bandOnly, 8, 3, 1, band);
        bad(bandOnly, 8, 3, "no valid disparity outside the left band the right camera does not see");
    }

    private static void bad(Path file, int width, int height, String problem) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> DisparityDepth.readDistanceMetres(file, CAMERA, width, height));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(problem), e::getMessage);
    }
}
