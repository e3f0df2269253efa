package io.github.advent.tools.fog;

import io.github.advent.entropy.io.Image8;

/**
 * Adds homogeneous fog to a clear image of known depth, as Foggy Cityscapes was made (Sakaridis et
 * al., IJCV 2018; Koschmieder's law):
 * <pre>
 *   t = exp(-beta * l)                         transmittance over the distance l (metres)
 *   t' = clip(guidedFilter(guide = clear image, t), 0, 1)   window 41, eps 1e-3
 *   I = R * t' + L * (1 - t')                  R clear, L atmospheric light, I foggy
 * </pre>
 * The guided filter snaps the transmittance, blocky from stereo and hole filling, to the edges of
 * the clear image. Its guide is the <b>colour</b> image in [0, 1] (He et al.'s colour filter): the
 * reference pipeline passes the RGB clear image to MATLAB's {@code imguidedfilter}, and a colour
 * guide also follows edges between regions of equal brightness (a red car on a grey road).
 *
 * <p>Usable on any scene: {@code distanceMetres} is a {@code float[y * width + x]} map,
 * {@code +Infinity} allowed (pure fog). All methods are thread-safe.
 */
public final class FogModel {
    /** Guided-filter window side 41 = 2 * 20 + 1 (Sakaridis et al.). */
    public static final int GUIDED_FILTER_RADIUS = 20;
    /** Guided-filter regulariser for a guide in [0, 1] (Sakaridis et al.). */
    public static final double GUIDED_FILTER_EPS = 1e-3;

    private FogModel() {}

    /** The foggy image, with the atmospheric light estimated from {@code clear} ({@link AtmosphericLight#estimate}). */
    public static Image8 apply(Image8 clear, float[] distanceMetres, double beta) {
        return apply(clear, distanceMetres, beta, AtmosphericLight.estimate(clear));
    }

    /** The foggy image under a given atmospheric light (e.g. one fog colour for a whole synthetic dataset). */
    public static Image8 apply(Image8 clear, float[] distanceMetres, double beta, AtmosphericLight light) {
        return blend(clear, refinedTransmittance(clear, distanceMetres, beta), light);
    }

    /** {@code exp(-beta * l)}, guided-filtered with the clear colour image and clipped to [0, 1]. */
    public static float[] refinedTransmittance(Image8 clear, float[] distanceMetres, double beta) {
        check(clear, distanceMetres, beta);
        int n = distanceMetres.length;
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            // exp(-inf) = 0: pure fog; beta 0 is clear air even at infinity (0 * inf would be NaN)
            t[i] = beta == 0 ? 1f : (float) Math.exp(-beta * distanceMetres[i]);
        }
        float[][] planes = new float[3][n];
        byte[] data = clear.data();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                planes[c][i] = (data[3 * i + c] & 0xFF) / 255f;
            }
        }
        float[] refined = GuidedFilter.colour(planes[0], planes[1], planes[2], t, clear.width(), clear.height(),
                GUIDED_FILTER_RADIUS, GUIDED_FILTER_EPS);
        for (int i = 0; i < n; i++) {
            refined[i] = Math.min(1f, Math.max(0f, refined[i]));
        }
        return refined;
    }

    /** {@code round(R * t + L * (1 - t))} per channel: Koschmieder's law on 8-bit values. */
    public static Image8 blend(Image8 clear, float[] transmittance, AtmosphericLight light) {
        if (clear.channels() != 3 || transmittance.length != clear.width() * clear.height()) {
            throw new IllegalArgumentException("need an RGB image and one transmittance per pixel, got " + clear
                    + " and " + transmittance.length + " values");
        }
        byte[] in = clear.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < transmittance.length; i++) {
            double t = transmittance[i];
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("transmittance must be in [0, 1], got " + t + " at pixel " + i);
            }
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = (byte) Math.round((in[3 * i + c] & 0xFF) * t + light.channel(c) * (1 - t));
            }
        }
        return new Image8(clear.width(), clear.height(), 3, out);
    }

    private static void check(Image8 clear, float[] distanceMetres, double beta) {
        if (clear.channels() != 3) {
            throw new IllegalArgumentException("expected an RGB image, got " + clear.channels() + " channels");
        }
        if (distanceMetres.length != clear.width() * clear.height()) {
            throw new IllegalArgumentException(distanceMetres.length + " distances for a " + clear.width() + "x"
                    + clear.height() + " image");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be >= 0 and finite, got " + beta);
        }
        for (int i = 0; i < distanceMetres.length; i++) {
            if (!(distanceMetres[i] >= 0)) {
                throw new IllegalArgumentException("distance must be >= 0 (or +Infinity), got " + distanceMetres[i]
                        + " at pixel (" + i % clear.width() + ", " + i / clear.width() + ")");
            }
        }
    }
}
