package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.advent.entropy.io.Image8;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Slow, obviously correct versions of the fog operations, written straight from their definitions
 * (direct window loops), to check the fast ones against; and the real data the tests may use.
 */
public final class FogReference {
    private FogReference() {}

    /** The 4 real Cityscapes frames in shared/data; the calling test is skipped when absent. */
    public static Path fogDemo() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("advent.shared.data");
        if (property != null) {
            candidates.add(Path.of(property));
        }
        candidates.add(Path.of("../shared/data"));
        candidates.add(Path.of("../../shared/data"));
        for (Path candidate : candidates) {
            Path demo = candidate.resolve("cityscapes-fog-demo");
            if (Files.isDirectory(demo)) {
                return demo.toAbsolutePath().normalize();
            }
        }
        assumeTrue(false, "no cityscapes-fog-demo in shared/data (absent here)");
        return null;
    }

    public static Image8 randomImage(int width, int height, int channels, long seed) {
        byte[] data = new byte[width * height * channels];
        new Random(seed).nextBytes(data);
        return new Image8(width, height, channels, data);
    }

    public static float[] randomMap(int width, int height, long seed) {
        Random random = new Random(seed);
        float[] map = new float[width * height];
        for (int i = 0; i < map.length; i++) {
            map[i] = random.nextFloat();
        }
        return map;
    }

    /** Mean over the in-image pixels of the window of side 2r+1 around (x, y). */
    public static double windowMean(float[] map, int width, int height, int x, int y, int r) {
        double sum = 0;
        int count = 0;
        for (int v = y - r; v <= y + r; v++) {
            for (int u = x - r; u <= x + r; u++) {
                if (u >= 0 && u < width && v >= 0 && v < height) {
                    sum += map[v * width + u];
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** Dark channel by definition: min over the in-image window and every channel. */
    public static int[] darkChannel(Image8 image, int window) {
        int r = window / 2;
        int[] dark = new int[image.width() * image.height()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int min = 255;
                for (int v = Math.max(0, y - r); v <= Math.min(image.height() - 1, y + r); v++) {
                    for (int u = Math.max(0, x - r); u <= Math.min(image.width() - 1, x + r); u++) {
                        for (int c = 0; c < image.channels(); c++) {
                            min = Math.min(min, image.get(u, v, c));
                        }
                    }
                }
                dark[y * image.width() + x] = min;
            }
        }
        return dark;
    }

    /**
     * He et al.'s guided filter by definition, for a guide of any channel count (planes): for every
     * window k, the ridge regression of the input on the guide over the window's in-image pixels
     * (normal equations solved by Gaussian elimination), then each pixel averages the predictions
     * a_k . I_i + b_k of the windows that contain it.
     */
    public static double[] guidedFilter(float[][] guide, float[] input, int width, int height, int r, double eps) {
        int channels = guide.length;
        int n = width * height;
        double[][] a = new double[n][];
        double[] b = new double[n];
        for (int ky = 0; ky < height; ky++) {
            for (int kx = 0; kx < width; kx++) {
                List<Integer> pixels = new ArrayList<>();
                for (int v = Math.max(0, ky - r); v <= Math.min(height - 1, ky + r); v++) {
                    for (int u = Math.max(0, kx - r); u <= Math.min(width - 1, kx + r); u++) {
                        pixels.add(v * width + u);
                    }
                }
                int m = pixels.size();
                double[] meanI = new double[channels];
                double meanP = 0;
                for (int i : pixels) {
                    for (int c = 0; c < channels; c++) {
                        meanI[c] += guide[c][i] / m;
                    }
                    meanP += input[i] / m;
                }
                double[][] matrix = new double[channels][channels + 1];
                for (int i : pixels) {
                    for (int c = 0; c < channels; c++) {
                        for (int d = 0; d < channels; d++) {
                            matrix[c][d] += (guide[c][i] - meanI[c]) * (guide[d][i] - meanI[d]) / m;
                        }
                        matrix[c][channels] += (guide[c][i] - meanI[c]) * (input[i] - meanP) / m;
                    }
                }
                for (int c = 0; c < channels; c++) {
                    matrix[c][c] += eps;
                }
                double[] coefficients = solve(matrix);
                int k = ky * width + kx;
                a[k] = coefficients;
                double bk = meanP;
                for (int c = 0; c < channels; c++) {
                    bk -= coefficients[c] * meanI[c];
                }
                b[k] = bk;
            }
        }
        double[] out = new double[n];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double sum = 0;
                int count = 0;
                for (int ky = Math.max(0, y - r); ky <= Math.min(height - 1, y + r); ky++) {
                    for (int kx = Math.max(0, x - r); kx <= Math.min(width - 1, x + r); kx++) {
                        int k = ky * width + kx;
                        double q = b[k];
                        for (int c = 0; c < channels; c++) {
                            q += a[k][c] * guide[c][i];
                        }
                        sum += q;
                        count++;
                    }
                }
                out[i] = sum / count;
            }
        }
        return out;
    }

    /** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
    private static double[] solve(double[][] m) {
        int n = m.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int row = col + 1; row < n; row++) {
                double f = m[row][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[row][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double s = m[row][n];
            for (int k = row + 1; k < n; k++) {
                s -= m[row][k] * x[k];
            }
            x[row] = s / m[row][row];
        }
        return x;
    }
}
