package io.github.advent.entropy.io;

/**
 * An 8-bit image as plain Java values: {@code height} rows of {@code width} pixels of
 * {@code channels} interleaved unsigned bytes ({@code data[(y * width + x) * channels + c]}).
 * Colour images from {@link Images#readRgb} are in <b>RGB</b> order (not OpenCV's BGR).
 * The array is shared, not copied.
 */
public record Image8(int width, int height, int channels, byte[] data) {
    public Image8 {
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad image shape " + width + "x" + height + "x" + channels);
        }
        if (data.length != (long) width * height * channels) {
            throw new IllegalArgumentException("data holds " + data.length + " bytes, " + width + "x" + height + "x"
                    + channels + " needs " + (long) width * height * channels);
        }
    }

    /** A black image. */
    public static Image8 blank(int width, int height, int channels) {
        return new Image8(width, height, channels, new byte[Math.multiplyExact(Math.multiplyExact(width, height), channels)]);
    }

    /** The value (0-255) of channel {@code c} at ({@code x}, {@code y}). */
    public int get(int x, int y, int c) {
        return data[(y * width + x) * channels + c] & 0xFF;
    }

    public void set(int x, int y, int c, int value) {
        data[(y * width + x) * channels + c] = (byte) value;
    }

    @Override
    public String toString() {
        return "Image8[" + width + "x" + height + "x" + channels + "]";
    }
}
