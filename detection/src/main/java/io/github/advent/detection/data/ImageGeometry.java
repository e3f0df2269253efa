package io.github.advent.detection.data;

import io.github.advent.entropy.io.Image8;

/** Pixel-exact placement, cropping and mirroring of 8-bit images (row copies, no resampling). */
final class ImageGeometry {
    private ImageGeometry() {}

    /** {@code image} placed at ({@code left}, {@code top}) of a {@code width x height} canvas filled with {@code fill}. */
    static Image8 place(Image8 image, int width, int height, int left, int top, int[] fill) {
        int channels = image.channels();
        if (fill.length != channels) {
            throw new IllegalArgumentException(fill.length + " fill values for " + channels + " channels");
        }
        if (left < 0 || top < 0 || left + image.width() > width || top + image.height() > height) {
            throw new IllegalArgumentException(image + " at (" + left + ", " + top + ") does not fit a " + width + "x" + height
                    + " canvas");
        }
        Image8 canvas = filled(width, height, fill);
        byte[] out = canvas.data();
        int rowBytes = image.width() * channels;
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.data(), y * rowBytes, out, ((top + y) * width + left) * channels, rowBytes);
        }
        return canvas;
    }

    /** A {@code width x height} image of one colour. */
    static Image8 filled(int width, int height, int[] fill) {
        int channels = fill.length;
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), channels)];
        byte[] row = new byte[width * channels];
        for (int x = 0; x < width; x++) {
            for (int c = 0; c < channels; c++) {
                row[x * channels + c] = (byte) fill[c];
            }
        }
        for (int y = 0; y < height; y++) {
            System.arraycopy(row, 0, out, y * row.length, row.length);
        }
        return new Image8(width, height, channels, out);
    }

    /** The pixels of columns [left, right) and rows [top, bottom). */
    static Image8 crop(Image8 image, int left, int top, int right, int bottom) {
        if (left < 0 || top < 0 || right > image.width() || bottom > image.height() || right <= left || bottom <= top) {
            throw new IllegalArgumentException("crop [" + left + ", " + top + ", " + right + ", " + bottom + ") outside " + image);
        }
        int channels = image.channels();
        int width = right - left;
        int height = bottom - top;
        byte[] out = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.data(), ((top + y) * image.width() + left) * channels, out, y * width * channels,
                    width * channels);
        }
        return new Image8(width, height, channels, out);
    }

    /** The image mirrored left-right: column x goes to column width - 1 - x. */
    static Image8 flipHorizontally(Image8 image) {
        int channels = image.channels();
        int width = image.width();
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int y = 0; y < image.height(); y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                System.arraycopy(in, (row + x) * channels, out, (row + width - 1 - x) * channels, channels);
            }
        }
        return new Image8(width, image.height(), channels, out);
    }
}
