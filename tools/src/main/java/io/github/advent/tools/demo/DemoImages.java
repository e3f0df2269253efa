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
}
