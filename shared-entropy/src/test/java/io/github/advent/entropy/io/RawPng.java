package io.github.advent.entropy.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A tiny PNG encoder independent of OpenCV and javax.imageio, so tests can make files whose exact
 * layout (channel order, bit depth, palette indices) they know without trusting the code under
 * test. Samples are given in file order, interleaved ({@code values[(y * width + x) * channels + c]}).
 */
public final class RawPng {
    public static final int GREY = 0;
    public static final int RGB = 2;
    public static final int PALETTE = 3;
    public static final int GREY_ALPHA = 4;
    public static final int RGBA = 6;

    private RawPng() {}

    /** 8-bit grey. */
    public static Path grey8(Path file, int width, int height, int[] values) {
        return write(file, width, height, 8, GREY, values, null, null);
    }

    /** 16-bit grey. */
    public static Path grey16(Path file, int width, int height, int[] values) {
        return write(file, width, height, 16, GREY, values, null, null);
    }

    /** 8-bit RGB, samples in R, G, B order. */
    public static Path rgb8(Path file, int width, int height, int[] rgb) {
        return write(file, width, height, 8, RGB, rgb, null, null);
    }

    /** 16-bit RGB, samples in R, G, B order (SYNTHIA GT/LABELS: class id in R). */
    public static Path rgb16(Path file, int width, int height, int[] rgb) {
        return write(file, width, height, 16, RGB, rgb, null, null);
    }

    /**
     * 8-bit palette PNG whose pixels are the given indices; the palette maps index i to a colour
     * that is unlike i (so reading colours instead of indices is caught). {@code transparentFirst}
     * adds a tRNS chunk making index 0 transparent.
     */
    public static Path palette8(Path file, int width, int height, int[] indices, boolean transparentFirst) {
        byte[] plte = new byte[256 * 3];
        for (int i = 0; i < 256; i++) {
            plte[3 * i] = (byte) (255 - i);
            plte[3 * i + 1] = (byte) (i * 7);
            plte[3 * i + 2] = (byte) (i * 13 + 5);
        }
        return write(file, width, height, 8, PALETTE, indices, plte, transparentFirst ? new byte[] {0} : null);
    }

    /** Any supported combination, written with filter type 0 on every row. */
    public static Path write(Path file, int width, int height, int bitDepth, int colourType, int[] values, byte[] plte,
            byte[] trns) {
        int channels = switch (colourType) {
            case GREY, PALETTE -> 1;
            case GREY_ALPHA -> 2;
            case RGB -> 3;
            case RGBA -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
        if (values.length != width * height * channels) {
            throw new IllegalArgumentException(values.length + " values for " + width + "x" + height + "x" + channels);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int bytesPerSample = bitDepth / 8;
        for (int y = 0; y < height; y++) {
            raw.write(0);
            for (int i = 0; i < width * channels; i++) {
                int v = values[y * width * channels + i];
                if (bytesPerSample == 2) {
                    raw.write(v >>> 8);
                }
                raw.write(v & 0xFF);
            }
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            writeInt(ihdr, width);
            writeInt(ihdr, height);
            ihdr.write(bitDepth);
            ihdr.write(colourType);
            ihdr.write(0);
            ihdr.write(0);
            ihdr.write(0);
            chunk(png, "IHDR", ihdr.toByteArray());
            if (plte != null) {
                chunk(png, "PLTE", plte);
            }
            if (trns != null) {
                chunk(png, "tRNS", trns);
            }
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflater = new DeflaterOutputStream(compressed)) {
                deflater.write(raw.toByteArray());
            }
            chunk(png, "IDAT", compressed.toByteArray());
            chunk(png, "IEND", new byte[0]);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        writeInt(out, data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
