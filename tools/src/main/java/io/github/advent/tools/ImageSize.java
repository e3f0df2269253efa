package io.github.advent.tools;

import picocli.CommandLine.ITypeConverter;

/** An image size written {@code WIDTHxHEIGHT}, e.g. {@code 1024x512}. */
public record ImageSize(int width, int height) {

    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        }
    }

    public static ImageSize parse(String text) {
        String t = text == null ? "" : text.strip();
        int x = t.indexOf('x') >= 0 ? t.indexOf('x') : t.indexOf('X');
        if (x <= 0 || x == t.length() - 1) {
            throw new IllegalArgumentException("bad size '" + text + "': write WIDTHxHEIGHT, e.g. 1024x512");
        }
        int w;
        int h;
        try {
            w = Integer.parseInt(t.substring(0, x));
            h = Integer.parseInt(t.substring(x + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + text + "': write WIDTHxHEIGHT, e.g. 1024x512");
        }
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("bad size '" + text + "': width and height must be positive");
        }
        return new ImageSize(w, h);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** picocli converter: a malformed size is a usage error (exit 2). */
    public static final class Converter implements ITypeConverter<ImageSize> {
        @Override
        public ImageSize convert(String value) {
            return Choices.convert(ImageSize::parse, value);
        }
    }
}
