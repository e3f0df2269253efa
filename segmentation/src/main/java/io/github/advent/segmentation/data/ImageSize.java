package io.github.advent.segmentation.data;

/**
 * A width x height in pixels, written "1280x720" (width first, as ADVENT's configs and PIL's resize).
 * {@link #NATIVE} (written "native", 0x0) asks a dataset to keep each image's own size.
 */
public record ImageSize(int width, int height) {
    /** Keep each image at its own size. */
    public static final ImageSize NATIVE = new ImageSize(0, 0);

    public ImageSize {
        if ((width != 0 || height != 0) && (width <= 0 || height <= 0)) {
            throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        }
    }

    public boolean isNative() {
        return width == 0 && height == 0;
    }

    /** Parses "WIDTHxHEIGHT", e.g. "1024x512", or "native". */
    public static ImageSize parse(String text) {
        if (text.strip().equalsIgnoreCase("native")) {
            return NATIVE;
        }
        String[] parts = text.strip().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2 && Integer.parseInt(parts[0].strip()) > 0 && Integer.parseInt(parts[1].strip()) > 0) {
                return new ImageSize(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new IllegalArgumentException("size must be WIDTHxHEIGHT with positive whole numbers, e.g. 1024x512, or native;"
                + " got '" + text + "'");
    }

    @Override
    public String toString() {
        return isNative() ? "native" : width + "x" + height;
    }
}
