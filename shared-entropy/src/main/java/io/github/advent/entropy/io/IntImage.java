package io.github.advent.entropy.io;

/**
 * A single-channel image of integer values as stored in a file: grey levels, palette indices,
 * label ids, 16-bit disparities or instance ids ({@code values[y * width + x]}, unsigned).
 * {@code bitDepth} is the depth the values were stored with (8 or 16), so that a reader can refuse
 * a 16-bit file where 8-bit ids are expected. The array is shared, not copied.
 */
public record IntImage(int width, int height, int bitDepth, int[] values) {
    public IntImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad image size " + width + "x" + height);
        }
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("values hold " + values.length + " pixels, " + width + "x" + height
                    + " needs " + (long) width * height);
        }
    }

    public int get(int x, int y) {
        return values[y * width + x];
    }

    @Override
    public String toString() {
        return "IntImage[" + width + "x" + height + ", " + bitDepth + "-bit]";
    }
}
