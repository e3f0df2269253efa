package io.github.advent.tools.fog;

/**
 * He et al.'s guided filter (ECCV 2010, TPAMI 2013): the output is, in each window of side
 * {@code 2 * radius + 1}, the least-squares linear function of the guide that best fits the
 * input, with ridge regulariser {@code eps}; the per-window coefficients are averaged over the
 * windows covering each pixel. Edges of the guide carry over to the output, which is how fog
 * synthesis snaps a blocky transmittance map to the objects of the clear image.
 *
 * <p>Maps are {@code float[y * width + x]}; the guide should be in [0, 1] for {@code eps} to mean
 * what the literature's values (1e-3) mean. Windows shrink at the borders ({@link BoxMean}).
 */
public final class GuidedFilter {
    private GuidedFilter() {}

    /** Grey guide: {@code q = mean(a) * I + mean(b)}, {@code a = cov(I, p) / (var(I) + eps)}. */
    public static float[] grey(float[] guide, float[] input, int width, int height, int radius, double eps) {
        check(width, height, radius, eps, input, guide);
        int n = input.length;
        float[] meanI = BoxMean.mean(guide, width, height, radius);
        float[] meanP = BoxMean.mean(input, width, height, radius);
        float[] meanIp = BoxMean.mean(product(guide, input), width, height, radius);
        float[] meanII = BoxMean.mean(product(guide, guide), width, height, radius);
        float[] a = meanIp; // reused in place: each pixel's coefficients replace its statistics
        float[] b = meanP;
        for (int i = 0; i < n; i++) {
            double mi = meanI[i];
            double ai = (meanIp[i] - mi * meanP[i]) / (meanII[i] - mi * mi + eps);
            a[i] = (float) ai;
            b[i] = (float) (meanP[i] - ai * mi);
        }
        float[] meanA = BoxMean.mean(a, width, height, radius);
        float[] meanB = BoxMean.mean(b, width, height, radius);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((double) meanA[i] * guide[i] + meanB[i]);
        }
        return out;
    }

    /**
     * Colour guide (three planes): {@code a = (Sigma + eps * U)^-1 cov(I, p)} per window, with
     * {@code Sigma} the 3x3 colour covariance, {@code b = mean(p) - a . mean(I)},
     * {@code q = mean(a) . I + mean(b)}. It follows edges between regions of equal brightness and
     * different colour, which a grey guide misses.
     */
    public static float[] colour(float[] red, float[] green, float[] blue, float[] input, int width, int height,
            int radius, double eps) {
        check(width, height, radius, eps, input, red, green, blue);
        int n = input.length;
        float[][] guide = {red, green, blue};
        float[][] mean = new float[3][];
        float[][] cov = new float[3][];
        float[] meanP = BoxMean.mean(input, width, height, radius);
        for (int c = 0; c < 3; c++) {
            mean[c] = BoxMean.mean(guide[c], width, height, radius);
            cov[c] = BoxMean.mean(product(guide[c], input), width, height, radius);
        }
        // Sigma's six distinct entries: rr, rg, rb, gg, gb, bb (still raw means of products here)
        int[][] pairs = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
        float[][] sigma = new float[6][];
        for (int s = 0; s < 6; s++) {
            sigma[s] = BoxMean.mean(product(guide[pairs[s][0]], guide[pairs[s][1]]), width, height, radius);
        }
        float[][] a = cov; // reused in place, as in grey()
        float[] b = meanP;
        for (int i = 0; i < n; i++) {
            double mr = mean[0][i];
            double mg = mean[1][i];
            double mb = mean[2][i];
            double mp = meanP[i];
            double cr = cov[0][i] - mr * mp;
            double cg = cov[1][i] - mg * mp;
            double cb = cov[2][i] - mb * mp;
            double rr = sigma[0][i] - mr * mr + eps;
            double rg = sigma[1][i] - mr * mg;
            double rb = sigma[2][i] - mr * mb;
            double gg = sigma[3][i] - mg * mg + eps;
            double gb = sigma[4][i] - mg * mb;
            double bb = sigma[5][i] - mb * mb + eps;
            // inverse of the symmetric matrix by cofactors
            double i00 = gg * bb - gb * gb;
            double i01 = gb * rb - rg * bb;
            double i02 = rg * gb - gg * rb;
            double i11 = rr * bb - rb * rb;
            double i12 = rb * rg - rr * gb;
            double i22 = rr * gg - rg * rg;
            double det = rr * i00 + rg * i01 + rb * i02;
            double ar = (i00 * cr + i01 * cg + i02 * cb) / det;
            double ag = (i01 * cr + i11 * cg + i12 * cb) / det;
            double ab = (i02 * cr + i12 * cg + i22 * cb) / det;
            a[0][i] = (float) ar;
            a[1][i] = (float) ag;
            a[2][i] = (float) ab;
            b[i] = (float) (mp - ar * mr - ag * mg - ab * mb);
        }
        float[] out = BoxMean.mean(b, width, height, radius);
        for (int c = 0; c < 3; c++) {
            float[] meanA = BoxMean.mean(a[c], width, height, radius);
            float[] g = guide[c];
            for (int i = 0; i < n; i++) {
                out[i] = (float) (out[i] + (double) meanA[i] * g[i]);
            }
        }
        return out;
    }

    private static float[] product(float[] x, float[] y) {
        float[] p = new float[x.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = x[i] * y[i];
        }
        return p;
    }

    private static void check(int width, int height, int radius, double eps, float[] input, float[]... guides) {
        if (width <= 0 || height <= 0 || input.length != (long) width * height) {
            throw new IllegalArgumentException(input.length + " input values for " + width + "x" + height);
        }
        for (float[] guide : guides) {
            if (guide.length != input.length) {
                throw new IllegalArgumentException("guide has " + guide.length + " values, input " + input.length);
            }
        }
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
        }
    }
}
