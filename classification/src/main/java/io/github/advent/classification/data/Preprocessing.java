package io.github.advent.classification.data;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Resampling;

/**
 * torchvision's evaluation transform for ImageNet-trained ResNets: resize the shorter side to {@code size·8/7}
 * (256 for 224), centre-crop {@code size x size}, scale to [0, 1] and standardise each channel by the ImageNet mean
 * and std. One difference: the resize is the shared PIL-exact bicubic ({@link Resampling#bicubic}), where
 * torchvision's {@code Resize} defaults to bilinear; an image already at the resize size is used as it is.
 */
public final class Preprocessing {
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private Preprocessing() {}

    /** {@code 3 x size x size} standardised floats of an RGB image. */
    public static float[] toInput(Image8 rgb, int size) {
        int resized = Math.round(size * 8f / 7f);
        int width;
        int height;
        if (rgb.width() <= rgb.height()) {
            width = resized;
            height = Math.max(resized, Math.round((float) rgb.height() * resized / rgb.width()));
        } else {
            height = resized;
            width = Math.max(resized, Math.round((float) rgb.width() * resized / rgb.height()));
        }
        Image8 scaled = width == rgb.width() && height == rgb.height() ? rgb : Resampling.bicubic(rgb, width, height);
        int left = (width - size) / 2;
        int top = (height - size) / 2;
        float[] out = new float[3 * size * size];
        byte[] data = scaled.data();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int at = ((top + y) * width + left + x) * 3;
                for (int c = 0; c < 3; c++) {
                    out[(c * size + y) * size + x] = ((data[at + c] & 0xFF) / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        return out;
    }
}
