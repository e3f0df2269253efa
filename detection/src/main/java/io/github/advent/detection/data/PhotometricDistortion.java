package io.github.advent.detection.data;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.util.SplitMix64;

/**
 * SSD's photometric distortion (Liu et al. 2016; the ranges of the Caffe release, which
 * ssd.pytorch keeps): each of brightness (add a delta in [-32, 32]), contrast (multiply by a factor
 * in [0.5, 1.5]), saturation (multiply HSV saturation by a factor in [0.5, 1.5]) and hue (rotate by
 * [-18, 18] degrees) is applied with probability 1/2, in the order brightness, then contrast before
 * or after (probability 1/2 each) the two HSV steps. A random channel permutation (SSD's "lighting
 * noise", probability 1/2) comes last and is off unless asked for: on street scenes it turns red
 * lights and cars blue.
 *
 * <p>Works per pixel in float, clamping to [0, 255] after every step as Caffe's 8-bit images do
 * (ssd.pytorch's float images let values leave the range), and rounds to 8 bits once at the end.
 * HSV is OpenCV's float convention: H in [0, 360), S in [0, 1], V in [0, 255].
 */
final class PhotometricDistortion {
    static final float BRIGHTNESS_DELTA = 32f;
    static final float CONTRAST_LOWER = 0.5f;
    static final float CONTRAST_UPPER = 1.5f;
    static final float SATURATION_LOWER = 0.5f;
    static final float SATURATION_UPPER = 1.5f;
    static final float HUE_DELTA = 18f;

    /**
     * The random choices of one distortion; a step that was not drawn has its neutral value.
     *
     * @param brightness added to every channel (0: none)
     * @param contrast factor for every channel (1: none)
     * @param contrastLast contrast after the HSV steps instead of before
     * @param saturation factor for S (1: none)
     * @param hue degrees added to H (0: none)
     * @param channelOrder output channel k takes input channel {@code channelOrder[k]}; null: none
     */
    record Draw(float brightness, float contrast, boolean contrastLast, float saturation, float hue, int[] channelOrder) {
        static final Draw NONE = new Draw(0f, 1f, false, 1f, 0f, null);
    }

    private static final int[][] PERMUTATIONS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    private PhotometricDistortion() {}

    /** Draws the choices in a fixed order, so a seed gives the same distortion on every run. */
    static Draw draw(SplitMix64 random, boolean channelSwap) {
        float brightness = random.nextInt(2) == 1 ? uniform(random, -BRIGHTNESS_DELTA, BRIGHTNESS_DELTA) : 0f;
        boolean contrastLast = random.nextInt(2) == 0;
        float contrast = random.nextInt(2) == 1 ? uniform(random, CONTRAST_LOWER, CONTRAST_UPPER) : 1f;
        float saturation = random.nextInt(2) == 1 ? uniform(random, SATURATION_LOWER, SATURATION_UPPER) : 1f;
        float hue = random.nextInt(2) == 1 ? uniform(random, -HUE_DELTA, HUE_DELTA) : 0f;
        int[] order = channelSwap && random.nextInt(2) == 1 ? PERMUTATIONS[random.nextInt(PERMUTATIONS.length)] : null;
        return new Draw(brightness, contrast, contrastLast, saturation, hue, order);
    }

    /** The distorted copy of an RGB image. */
    static Image8 apply(Image8 image, Draw d) {
        if (image.channels() != 3) {
            throw new IllegalArgumentException("photometric distortion needs an RGB image, got " + image);
        }
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        boolean hsv = d.saturation() != 1f || d.hue() != 0f;
        float[] p = new float[3];
        for (int i = 0; i < in.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                p[c] = in[i + c] & 0xFF;
            }
            if (d.brightness() != 0f) {
                affine(p, 1f, d.brightness());
            }
            if (!d.contrastLast() && d.contrast() != 1f) {
                affine(p, d.contrast(), 0f);
            }
            if (hsv) {
                saturationAndHue(p, d.saturation(), d.hue());
            }
            if (d.contrastLast() && d.contrast() != 1f) {
                affine(p, d.contrast(), 0f);
            }
            for (int c = 0; c < 3; c++) {
                int source = d.channelOrder() == null ? c : d.channelOrder()[c];
                out[i + c] = (byte) Math.round(p[source]);
            }
        }
        return new Image8(image.width(), image.height(), 3, out);
    }

    private static void affine(float[] p, float scale, float shift) {
        for (int c = 0; c < 3; c++) {
            p[c] = clamp(p[c] * scale + shift, 255f);
        }
    }

    /** Scales S and rotates H of one RGB pixel in place. */
    static void saturationAndHue(float[] p, float saturation, float hue) {
        float r = p[0];
        float g = p[1];
        float b = p[2];
        float v = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float delta = v - min;
        float s = v > 0 ? delta / v : 0f;
        float h;
        if (delta == 0f) {
            h = 0f;
        } else if (v == r) {
            h = 60f * (g - b) / delta;
        } else if (v == g) {
            h = 120f + 60f * (b - r) / delta;
        } else {
            h = 240f + 60f * (r - g) / delta;
        }
        s = clamp(s * saturation, 1f);
        h = (h + hue) % 360f;
        if (h < 0f) {
            h += 360f;
        }
        float chroma = v * s;
        float sector = h / 60f;
        float x = chroma * (1f - Math.abs(sector % 2f - 1f));
        float m = v - chroma;
        float red;
        float green;
        float blue;
        switch ((int) sector) {
            case 0 -> { red = chroma; green = x; blue = 0f; }
            case 1 -> { red = x; green = chroma; blue = 0f; }
            case 2 -> { red = 0f; green = chroma; blue = x; }
            case 3 -> { red = 0f; green = x; blue = chroma; }
            case 4 -> { red = x; green = 0f; blue = chroma; }
            default -> { red = chroma; green = 0f; blue = x; }
        }
        p[0] = clamp(red + m, 255f);
        p[1] = clamp(green + m, 255f);
        p[2] = clamp(blue + m, 255f);
    }

    static float uniform(SplitMix64 random, float low, float high) {
        return low + (high - low) * random.nextFloat();
    }

    private static float clamp(float v, float max) {
        return v < 0f ? 0f : Math.min(v, max);
    }
}
