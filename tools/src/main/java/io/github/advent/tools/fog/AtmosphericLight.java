package io.github.advent.tools.fog;

import io.github.advent.entropy.io.Image8;
import java.util.Arrays;

/**
 * The colour of the fog (0-255 per channel): what a pixel at infinite distance looks like.
 *
 * <p>{@link #estimate} follows Sakaridis et al. (He et al.'s dark channel with Tang et al.'s
 * refinement): take the dark channel over {@value DarkChannel#WINDOW}x{@value DarkChannel#WINDOW}
 * patches; among its brightest 0.1 % pixels (rounded down, then up to an odd count, at least 1)
 * take the one with the median grey level (Rec. 601 luma {@code 0.299 R + 0.587 G + 0.114 B});
 * the light is that pixel's colour. Equal dark-channel values are ranked in raster order (top
 * rows first), and among pixels of the median grey the highest ranked is taken.
 */
public record AtmosphericLight(int red, int green, int blue) {
    /** The fraction of dark-channel pixels the light is chosen from. */
    public static final double BRIGHTEST_FRACTION = 0.001;

    public AtmosphericLight {
        for (int v : new int[] {red, green, blue}) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("atmospheric light channels must be 0-255, got "
                        + red + ", " + green + ", " + blue);
            }
        }
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue). */
    public int channel(int c) {
        return switch (c) {
            case 0 -> red;
            case 1 -> green;
            case 2 -> blue;
            default -> throw new IllegalArgumentException("channel " + c);
        };
    }

    /** How many of {@code pixels} dark-channel pixels are ranked: 0.1 %, made odd so the median is a pixel. */
    static int brightestCount(long pixels) {
        long count = (long) Math.floor(BRIGHTEST_FRACTION * pixels);
        return (int) (count % 2 == 0 ? count + 1 : count);
    }

    /** The light of a clear RGB image (see the class comment). */
    public static AtmosphericLight estimate(Image8 rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("expected an RGB image, got " + rgb.channels() + " channels");
        }
        int[] dark = DarkChannel.of(rgb, DarkChannel.WINDOW);
        int[] ranked = brightest(dark, brightestCount(dark.length));
        double[] grey = new double[ranked.length];
        for (int k = 0; k < ranked.length; k++) {
            grey[k] = grey(rgb, ranked[k]);
        }
        double[] sorted = grey.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        for (int k = 0; k < ranked.length; k++) {
            if (grey[k] == median) {
                byte[] d = rgb.data();
                int p = ranked[k] * 3;
                return new AtmosphericLight(d[p] & 0xFF, d[p + 1] & 0xFF, d[p + 2] & 0xFF);
            }
        }
        throw new IllegalStateException("median grey level not found among the ranked pixels");
    }

    /**
     * The indices of the {@code count} largest values (0-255), largest first, equal values in
     * index order: a counting sort, linear in the pixel count.
     */
    private static int[] brightest(int[] values, int count) {
        int[] histogram = new int[256];
        for (int v : values) {
            histogram[v]++;
        }
        int[] start = new int[256]; // where each value's run begins in the ranking
        int position = 0;
        for (int v = 255; v >= 0; v--) {
            start[v] = position;
            position += histogram[v];
        }
        int[] ranked = new int[count];
        for (int i = 0; i < values.length; i++) {
            int slot = start[values[i]]++;
            if (slot < count) {
                ranked[slot] = i;
            }
        }
        return ranked;
    }

    private static double grey(Image8 rgb, int pixel) {
        byte[] d = rgb.data();
        int p = pixel * 3;
        return 0.299 * (d[p] & 0xFF) + 0.587 * (d[p + 1] & 0xFF) + 0.114 * (d[p + 2] & 0xFF);
    }
}
