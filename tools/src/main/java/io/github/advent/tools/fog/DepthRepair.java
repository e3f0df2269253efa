package io.github.advent.tools.fog;

/**
 * The two places where Cityscapes' stereo depth is systematically wrong, and what replaces it there.
 *
 * <ul>
 *   <li><b>The band the right camera does not see.</b> The leftmost columns (about 50-110 of 2048) have no
 *       match for anything nearer than their distance to the edge allows; the matcher leaves most of them
 *       invalid or at zero disparity (infinitely far), so a nearest-valid fill turns the band into pure fog.
 *       The band is found per frame: the columns, counted from the left edge, up to the last column of
 *       the left quarter in which over half the pixels are invalid or at infinity. Its pixels are then
 *       treated as invalid and take, row by row, the depth of the first reliable pixel to their right
 *       (the nearest valid pixel is always that one: the band is a full-height strip).
 *   <li><b>The road and the ego vehicle's hood.</b> No surface seen below the horizon can be farther than the
 *       flat road at its row ({@link Camera#roadDepthAtRow}; the camera's height and pitch from its
 *       camera file). The hood is mostly invalid with a few spurious far matches that the fill spreads
 *       into bright blobs; capping every pixel at the road's depth replaces them with the depth of the road
 *       under the hood (about 4.3 m instead of 1-2 m: a few percent of fog at beta 0.02 instead of white).
 *       The cap assumes a flat road: on a road that falls away the far road is made a little nearer.
 * </ul>
 */
public final class DepthRepair {
    /** The band is searched in the left quarter of the frame. */
    private static final int BAND_SEARCH_DIVISOR = 4;

    private DepthRepair() {}

    /**
     * The width of the left band that the right camera does not see, from stored disparities
     * ({@code 0} invalid, {@code 1} infinitely far): 1 + the last column in the left quarter whose
     * pixels are over half invalid or at infinity; 0 when there is none.
     */
    public static int unseenLeftBand(int[] stored, int width, int height) {
        if (stored.length != (long) width * height) {
            throw new IllegalArgumentException(stored.length + " values for " + width + "x" + height);
        }
        int band = 0;
        for (int x = 0; x < width / BAND_SEARCH_DIVISOR; x++) {
            int unreliable = 0;
            for (int y = 0; y < height; y++) {
                if (stored[y * width + x] <= 1) {
                    unreliable++;
                }
            }
            if (2 * unreliable > height) {
                band = x + 1;
            }
        }
        return band;
    }

    /** Caps each pixel's depth at the depth of the flat road seen at its row (rows below the horizon). */
    public static void capAtRoad(float[] depthMetres, int width, int height, Camera camera) {
        if (depthMetres.length != (long) width * height) {
            throw new IllegalArgumentException(depthMetres.length + " depths for " + width + "x" + height);
        }
        for (int y = 0; y < height; y++) {
            float road = (float) camera.roadDepthAtRow(y);
            for (int i = y * width; i < (y + 1) * width; i++) {
                if (depthMetres[i] > road) {
                    depthMetres[i] = road;
                }
            }
        }
    }
}
