package io.github.advent.tools.fog;

/**
 * Fills invalid pixels of a map with the value of the nearest valid pixel (Euclidean distance in
 * the image plane), the nearest-neighbour inpainting Sakaridis et al. offer as the simple
 * alternative to their superpixel + RANSAC-plane inpainting.
 *
 * <p>Exact and linear in the pixel count: a column pass finds each pixel's nearest valid pixel in
 * its column, then a row pass takes, per row, the lower envelope of the parabolas
 * {@code (x - x')^2 + dy(x')^2} (Felzenszwalb and Huttenlocher's distance transform, here keeping
 * the argmin instead of the distance). Among equally near valid pixels one is taken, deterministically.
 */
public final class NearestValidFill {
    private NearestValidFill() {}

    /**
     * For each pixel ({@code y * width + x}) the index of its nearest valid pixel (itself when
     * valid). Throws when no pixel is valid.
     */
    public static int[] nearestValid(boolean[] valid, int width, int height) {
        if (width <= 0 || height <= 0 || valid.length != (long) width * height) {
            throw new IllegalArgumentException(valid.length + " flags for " + width + "x" + height);
        }
        int[] nearestRow = nearestInColumns(valid, width, height);
        int[] nearest = new int[valid.length];
        double[] cost = new double[width];
        int[] hull = new int[width];
        double[] boundary = new double[width + 1];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int r = nearestRow[row + x];
                cost[x] = r < 0 ? Double.POSITIVE_INFINITY : (double) (r - y) * (r - y);
            }
            int k = lowerEnvelope(cost, hull, boundary);
            if (k < 0) {
                throw new IllegalArgumentException("no valid pixel in a " + width + "x" + height + " map");
            }
            int j = 0;
            for (int x = 0; x < width; x++) {
                while (boundary[j + 1] < x) {
                    j++;
                }
                int source = hull[j];
                nearest[row + x] = nearestRow[row + source] * width + source;
            }
        }
        return nearest;
    }

    /** Replaces each invalid entry of {@code values} by the value of its nearest valid pixel. */
    public static void fill(float[] values, boolean[] valid, int width, int height) {
        if (values.length != valid.length) {
            throw new IllegalArgumentException(values.length + " values but " + valid.length + " flags");
        }
        int[] nearest = nearestValid(valid, width, height);
        for (int i = 0; i < values.length; i++) {
            if (!valid[i]) {
                values[i] = values[nearest[i]];
            }
        }
    }

    /** Per pixel, the row of the nearest valid pixel in its column, or -1 when the column has none. */
    private static int[] nearestInColumns(boolean[] valid, int width, int height) {
        int[] above = new int[valid.length];
        int[] nearest = new int[valid.length];
        for (int x = 0; x < width; x++) {
            int last = -1;
            for (int y = 0; y < height; y++) {
                if (valid[y * width + x]) {
                    last = y;
                }
                above[y * width + x] = last;
            }
            int next = -1;
            for (int y = height - 1; y >= 0; y--) {
                int i = y * width + x;
                if (valid[i]) {
                    next = y;
                }
                int up = above[i];
                nearest[i] = up < 0 ? next : next < 0 || y - up <= next - y ? up : next;
            }
        }
        return nearest;
    }

    /**
     * The lower envelope of the parabolas {@code (x - q)^2 + cost[q]} over the finite costs:
     * {@code hull[0..k]} are their apexes in order, parabola {@code hull[j]} is lowest on
     * {@code [boundary[j], boundary[j + 1]]}. Returns {@code k}, or -1 when every cost is infinite.
     */
    private static int lowerEnvelope(double[] cost, int[] hull, double[] boundary) {
        int k = -1;
        for (int q = 0; q < cost.length; q++) {
            if (cost[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double s = Double.NEGATIVE_INFINITY;
            while (k >= 0) {
                int p = hull[k];
                s = ((cost[q] + (double) q * q) - (cost[p] + (double) p * p)) / (2.0 * (q - p));
                if (s <= boundary[k]) {
                    k--;
                    s = Double.NEGATIVE_INFINITY;
                } else {
                    break;
                }
            }
            k++;
            hull[k] = q;
            boundary[k] = s;
        }
        if (k >= 0) {
            boundary[k + 1] = Double.POSITIVE_INFINITY;
        }
        return k;
    }
}
