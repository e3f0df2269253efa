package io.github.advent.eval.io;

/**
 * A single-channel label map (class or label ids per pixel), row-major: 8-bit values in
 * {@link #u8()} or 16-bit values in {@link #u16()} (the other is {@code null}). Mutable only
 * through the readers, which may reuse a previous image's array to keep memory flat.
 */
public final class LabelImage {
    private final int width;
    private final int height;
    private final byte[] u8;
    private final short[] u16;

    private LabelImage(int width, int height, byte[] u8, short[] u16) {
        this.width = width;
        this.height = height;
        this.u8 = u8;
        this.u16 = u16;
    }

    /** An 8-bit image over {@code values} (not copied; {@code width * height} long). */
    public static LabelImage ofBytes(int width, int height, byte[] values) {
        check(width, height, values.length);
        return new LabelImage(width, height, values, null);
    }

    /** A 16-bit image over {@code values} (unsigned; not copied). */
    public static LabelImage ofShorts(int width, int height, short[] values) {
        check(width, height, values.length);
        return new LabelImage(width, height, null, values);
    }

    private static void check(int width, int height, int length) {
        if (width <= 0 || height <= 0 || (long) width * height != length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + (long) width * height
                    + " values, got " + length);
        }
    }

    /** An 8-bit image of the given size, reusing {@code reuse}'s array when it is 8-bit of the same length. */
    public static LabelImage bytes(int width, int height, LabelImage reuse) {
        int n = Math.multiplyExact(width, height);
        byte[] data = reuse != null && reuse.u8 != null && reuse.u8.length == n ? reuse.u8 : new byte[n];
        return new LabelImage(width, height, data, null);
    }

    /** As {@link #bytes} for 16 bits. */
    public static LabelImage shorts(int width, int height, LabelImage reuse) {
        int n = Math.multiplyExact(width, height);
        short[] data = reuse != null && reuse.u16 != null && reuse.u16.length == n ? reuse.u16 : new short[n];
        return new LabelImage(width, height, null, data);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int pixels() {
        return width * height;
    }

    /** 8 or 16. */
    public int bitDepth() {
        return u8 != null ? 8 : 16;
    }

    /** The 8-bit values (unsigned: {@code v & 0xff}), or {@code null} for a 16-bit image. */
    public byte[] u8() {
        return u8;
    }

    /** The 16-bit values (unsigned: {@code v & 0xffff}), or {@code null} for an 8-bit image. */
    public short[] u16() {
        return u16;
    }

    /** The value at row-major index {@code i}. */
    public int get(int i) {
        return u8 != null ? u8[i] & 0xff : u16[i] & 0xffff;
    }

    /** The size as {@code WIDTHxHEIGHT}. */
    public String size() {
        return width + "x" + height;
    }
}
