package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.RawPng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny generated datasets in each layout (40x20 by default), with known pixels. */
public final class TinyData {
    static final int W = 40;
    static final int H = 20;

    private TinyData() {}

    /** RGB pattern: R = 6x + s, G = 12y + 3s, B = xy + 5 (mod 256). */
    static int[] rgb(int w, int h, int seed) {
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

    /** Cityscapes ids in vertical stripes of 4 columns: road, sidewalk, unlabeled, car, sky, bicycle, 34 (unknown), truck, 200 (unknown), train. */
    static final int[] CITYSCAPES_STRIPES = {7, 8, 0, 26, 23, 33, 34, 27, 200, 31};
    /** Their train ids. */
    static final int[] CITYSCAPES_STRIPES_TRAIN = {0, 1, 255, 13, 10, 18, 255, 14, 255, 16};

    static int stripe(int x) {
        return Math.min(x / 4, CITYSCAPES_STRIPES.length - 1);
    }

    /** Label ids for a w x h image: stripes of {@code ids} by column, the last row all {@code ids[0]}. */
    static int[] stripes(int w, int h, int[] ids) {
        int[] v = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = y == h - 1 ? ids[0] : ids[Math.min(x * ids.length / w, ids.length - 1)];
            }
        }
        return v;
    }

    public static Path gta5(Path root, String... names) {
        for (int i = 0; i < names.length; i++) {
            RawPng.rgb8(root.resolve("images/" + names[i] + ".png"), W, H, rgb(W, H, i));
            RawPng.palette8(root.resolve("labels/" + names[i] + ".png"), W, H, stripes(W, H, CITYSCAPES_STRIPES), false);
        }
        return root;
    }

    /** SYNTHIA ids in stripes: road 3, sky 1, void 0, car 8, bicycle 11, terrain 16 (ignored), 40 (unknown), wall 21. */
    static final int[] SYNTHIA_STRIPES = {3, 1, 0, 8, 11, 16, 40, 21};
    static final int[] SYNTHIA_STRIPES_TRAIN = {0, 9, 255, 12, 15, 255, 255, 3};

    public static Path synthia(Path root, String... names) {
        for (int i = 0; i < names.length; i++) {
            RawPng.rgb8(root.resolve("RGB/" + names[i] + ".png"), W, H, rgb(W, H, i));
            int[] ids = stripes(W, H, SYNTHIA_STRIPES);
            int[] gt = new int[W * H * 3];
            for (int p = 0; p < W * H; p++) {
                gt[3 * p] = ids[p];                 // class id: first channel
                gt[3 * p + 1] = 1000 + p;           // instance id: must not be read as the class
                gt[3 * p + 2] = 60000;
            }
            RawPng.rgb16(root.resolve("GT/LABELS/" + names[i] + ".png"), W, H, gt);
        }
        return root;
    }

    /** Cityscapes frames {city}_000000_{frame}: leftImg8bit and gtFine labelIds for each. */
    public static Path cityscapes(Path root, String split, String... frames) {
        int i = 0;
        for (String frame : frames) {
            String city = frame.substring(0, frame.indexOf('_'));
            RawPng.rgb8(root.resolve("leftImg8bit/" + split + "/" + city + "/" + frame + "_leftImg8bit.png"), W, H, rgb(W, H, i++));
            RawPng.grey8(root.resolve("gtFine/" + split + "/" + city + "/" + frame + "_gtFine_labelIds.png"), W, H,
                    stripes(W, H, CITYSCAPES_STRIPES));
        }
        return root;
    }

    public static Path foggy(Path root, String split, String beta, String... frames) {
        int i = 0;
        for (String frame : frames) {
            String city = frame.substring(0, frame.indexOf('_'));
            RawPng.rgb8(root.resolve("leftImg8bit_foggy/" + split + "/" + city + "/" + frame + "_leftImg8bit_foggy_beta_" + beta + ".png"),
                    W, H, rgb(W, H, 50 + i++));
        }
        return root;
    }

    /**
     * ACDC frames {sequence}_frame_{n} of one condition and split: rgb_anon images and, unless
     * {@code labelSuffix} is null, gt labels with that suffix ({@code _gt_labelTrainIds.png} holds
     * {@link #CITYSCAPES_STRIPES_TRAIN}, {@code _gt_labelIds.png} {@link #CITYSCAPES_STRIPES}).
     */
    public static Path acdc(Path root, String condition, String split, String labelSuffix, String... frames) {
        return anon(root, condition + "/" + split, labelSuffix, frames);
    }

    /** Dark Zurich frames of one split and time of day ({@code val/night}), as {@link #acdc}. */
    public static Path darkZurich(Path root, String split, String timeOfDay, String labelSuffix, String... frames) {
        return anon(root, split + "/" + timeOfDay, labelSuffix, frames);
    }

    private static Path anon(Path root, String part, String labelSuffix, String... frames) {
        int i = 0;
        for (String frame : frames) {
            String sequence = frame.substring(0, frame.indexOf('_'));
            RawPng.rgb8(root.resolve("rgb_anon/" + part + "/" + sequence + "/" + frame + "_rgb_anon.png"), W, H, rgb(W, H, i++));
            if (labelSuffix != null) {
                int[] ids = labelSuffix.equals("_gt_labelIds.png") ? CITYSCAPES_STRIPES : CITYSCAPES_STRIPES_TRAIN;
                RawPng.grey8(root.resolve("gt/" + part + "/" + sequence + "/" + frame + labelSuffix), W, H, stripes(W, H, ids));
            }
        }
        return root;
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
