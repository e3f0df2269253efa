package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;

/** Pictures for the report: label maps in the class palette, entropy maps as a heat map. */
final class DemoImages {
    private DemoImages() {}

    static Image8 palette(int[] labels, int width, int height) {
        byte[] data = new byte[width * height * 3];
        DemoClass[] classes = DemoClass.values();
        for (int i = 0; i < labels.length; i++) {
            int[] rgb = labels[i] >= 0 && labels[i] < classes.length ? classes[labels[i]].paletteRgb() : new int[] {0, 0, 0};
            for (int c = 0; c < 3; c++) {
                data[i * 3 + c] = (byte) rgb[c];
            }
        }
        return new Image8(width, height, 3, data);
    }

    /**
     * Normalised entropy in [0, 1] (entropy / log K) as black → red → yellow → white, fixed scale so
     * that maps of different methods compare.
     */
    static Image8 heat(float[] normalisedEntropy, int width, int height) {
        byte[] data = new byte[width * height * 3];
        for (int i = 0; i < normalisedEntropy.length; i++) {
            double v = Math.max(0, Math.min(1, normalisedEntropy[i])) * 3;
            data[i * 3] = (byte) Math.round(255 * Math.min(1, v));
            data[i * 3 + 1] = (byte) Math.round(255 * Math.max(0, Math.min(1, v - 1)));
            data[i * 3 + 2] = (byte) Math.round(255 * Math.max(0, Math.min(1, v - 2)));
        }
        return new Image8(width, height, 3, data);
    }

    /**
     * A copy of {@code rgb} with boxes drawn as 1-pixel outlines in their class's palette colour:
     * each box is {x1, y1, x2, y2, detector class} in pixels (class 1 = person, 2 = car).
     */
    static Image8 boxes(Image8 rgb, java.util.List<float[]> boxes) {
        byte[] data = rgb.data().clone();
        for (float[] box : boxes) {
            int[] colour = DemoClass.objects().get((int) box[4] - 1).paletteRgb();
            int x1 = clamp(Math.round(box[0]), rgb.width() - 1);
            int y1 = clamp(Math.round(box[1]), rgb.height() - 1);
            int x2 = clamp(Math.round(box[2]) - 1, rgb.width() - 1);
            int y2 = clamp(Math.round(box[3]) - 1, rgb.height() - 1);
            for (int x = x1; x <= x2; x++) {
                paint(data, rgb.width(), x, y1, colour);
                paint(data, rgb.width(), x, y2, colour);
            }
            for (int y = y1; y <= y2; y++) {
                paint(data, rgb.width(), x1, y, colour);
                paint(data, rgb.width(), x2, y, colour);
            }
        }
        return new Image8(rgb.width(), rgb.height(), 3, data);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }

    private static void paint(byte[] data, int width, int x, int y, int[] colour) {
        int i = (y * width + x) * 3;
        data[i] = (byte) colour[0];
        data[i + 1] = (byte) colour[1];
        data[i + 2] = (byte) colour[2];
    }
}
