package io.github.advent.detection.data;

import io.github.advent.entropy.io.RawPng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny generated Cityscapes-layout trees (40x20 frames) with known objects, written by
 * {@link RawPng} (independent of the code under test). Public for the command line's tests.
 */
public final class TinyDetectionData {
    public static final int W = 40;
    public static final int H = 20;

    private TinyDetectionData() {}

    /** RGB pattern: R = 6x + s, G = 12y + 3s, B = xy + 5 (mod 256). */
    public static int[] rgb(int w, int h, int seed) {
        int[] v = new int[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 3 * (y * w + x);
                v[p] = (6 * x + seed) & 0xFF;
                v[p + 1] = (12 * y + 3 * seed) & 0xFF;
                v[p + 2] = (x * y + 5) & 0xFF;
            }
        }
        return v;
    }

    /**
     * The instance map of every tiny frame: road (7) everywhere, and
     * person 24001 in columns 2-5, rows 3-9 -> box [2, 3, 6, 10];
     * car 26000 in columns 10-19, rows 12-14 plus column 20, row 11 -> box [10, 11, 21, 15];
     * truck 27002 in two pieces, column 30 row 0 and columns 33-34 rows 5-6 -> box [30, 0, 35, 7];
     * rider 25003 the single pixel (39, 19) -> box [39, 19, 40, 20];
     * a person group (bare id 24) in columns 22-25, rows 15-18, and a caravan 29001 in
     * columns 36-37, rows 0-1: neither gives a box.
     */
    public static int[] instanceIds() {
        int[] v = new int[W * H];
        java.util.Arrays.fill(v, 7);
        fill(v, 2, 3, 5, 9, 24001);
        fill(v, 10, 12, 19, 14, 26000);
        fill(v, 20, 11, 20, 11, 26000);
        fill(v, 30, 0, 30, 0, 27002);
        fill(v, 33, 5, 34, 6, 27002);
        fill(v, 39, 19, 39, 19, 25003);
        fill(v, 22, 15, 25, 18, 24);
        fill(v, 36, 0, 37, 1, 29001);
        return v;
    }

    /** The boxes of {@link #instanceIds()}, worked out by hand, in instance-value order. */
    public static ObjectBox[] expectedInstanceBoxes() {
        return new ObjectBox[] {
            ObjectBox.of(2, 3, 6, 10, 1),      // 24001 person
            ObjectBox.of(39, 19, 40, 20, 2),   // 25003 rider
            ObjectBox.of(10, 11, 21, 15, 3),   // 26000 car
            ObjectBox.of(30, 0, 35, 7, 4),     // 27002 truck
        };
    }

    /** Sets columns x0..x1 and rows y0..y1 (inclusive) to {@code value}. */
    static void fill(int[] map, int x0, int y0, int x1, int y1, int value) {
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                map[y * W + x] = value;
            }
        }
    }

    /** Cityscapes frames {city}_..._...: leftImg8bit and gtFine instanceIds of each. */
    public static Path cityscapes(Path root, String split, String... frames) {
        int i = 0;
        for (String frame : frames) {
            String city = city(frame);
            RawPng.rgb8(root.resolve("leftImg8bit/" + split + "/" + city + "/" + frame + "_leftImg8bit.png"), W, H, rgb(W, H, i++));
            RawPng.grey16(root.resolve("gtFine/" + split + "/" + city + "/" + frame + "_gtFine_instanceIds.png"), W, H,
                    instanceIds());
        }
        return root;
    }

    /** Foggy images of the frames at one beta (their seed 50 + i, to tell them from the clear ones). */
    public static Path foggy(Path root, String split, String beta, String... frames) {
        int i = 0;
        for (String frame : frames) {
            RawPng.rgb8(root.resolve("leftImg8bit_foggy/" + split + "/" + city(frame) + "/" + frame + "_leftImg8bit_foggy_beta_"
                    + beta + ".png"), W, H, rgb(W, H, 50 + i++));
        }
        return root;
    }

    /** gtFine instanceIds only (the labels of a foggy tree). */
    public static Path gtFine(Path root, String split, String... frames) {
        for (String frame : frames) {
            RawPng.grey16(root.resolve("gtFine/" + split + "/" + city(frame) + "/" + frame + "_gtFine_instanceIds.png"), W, H,
                    instanceIds());
        }
        return root;
    }

    public static String city(String frame) {
        return frame.substring(0, frame.indexOf('_'));
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
