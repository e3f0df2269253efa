package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Resampling;

/**
 * ADVENT's input pre-processing (ADVENT-SPEC section 5): resize (images bicubic, labels nearest,
 * both exactly as PIL's {@code Image.resize}, see {@link Resampling}), RGB -> BGR, subtract the mean
 * (104.00698793, 116.66876762, 122.67891434) in BGR order, in float32 as numpy does; no division by
 * 255, no standard deviation. An input already at the target size is not resized.
 */
public final class Preprocessing {
    /** The ADVENT mean, in BGR order. */
    public static final double[] MEAN_BGR = {104.00698793, 116.66876762, 122.67891434};
    private static final float[] MEAN_BGR_F = {(float) MEAN_BGR[0], (float) MEAN_BGR[1], (float) MEAN_BGR[2]};

    private Preprocessing() {}

    /** Bicubic (PIL) to {@code width x height}; the input itself when already that size. */
    public static Image8 resizeImage(Image8 rgb, int width, int height) {
        return rgb.width() == width && rgb.height() == height ? rgb : Resampling.bicubic(rgb, width, height);
    }

    /** Nearest (PIL) to {@code width x height}; the input itself when already that size. */
    public static MappedLabels resizeLabels(MappedLabels labels, int width, int height) {
        if (labels.width() == width && labels.height() == height) {
            return labels;
        }
        int[] resized = Resampling.nearest(labels.trainIds(), labels.width(), labels.height(), width, height);
        return new MappedLabels(width, height, resized, labels.unknownPixels(), labels.unknownIds());
    }

    /** An RGB image -> CHW floats, BGR order, mean subtracted (float32 arithmetic, as numpy on float32). */
    public static float[] toNetworkInput(Image8 rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("expected an RGB image, got " + rgb.channels() + " channels");
        }
        int plane = rgb.width() * rgb.height();
        float[] out = new float[3 * plane];
        byte[] data = rgb.data();
        for (int p = 0; p < plane; p++) {
            int r = data[3 * p] & 0xFF;
            int g = data[3 * p + 1] & 0xFF;
            int b = data[3 * p + 2] & 0xFF;
            out[p] = b - MEAN_BGR_F[0];
            out[plane + p] = g - MEAN_BGR_F[1];
            out[2 * plane + p] = r - MEAN_BGR_F[2];
        }
        return out;
    }

    /** The inverse, for pictures: CHW BGR minus mean -> RGB bytes (rounded, clipped to 0-255). */
    public static Image8 toRgb(float[] image, int height, int width) {
        int plane = width * height;
        if (image.length != 3 * plane) {
            throw new IllegalArgumentException(image.length + " floats for 3x" + height + "x" + width);
        }
        byte[] data = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {   // c: B, G, R
                long v = Math.round(image[c * plane + p] + (double) MEAN_BGR_F[c]);
                data[3 * p + (2 - c)] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new Image8(width, height, 3, data);
    }
}
