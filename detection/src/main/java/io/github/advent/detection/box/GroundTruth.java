package io.github.advent.detection.box;

import java.util.Arrays;

/**
 * The objects of one image: corner boxes {@code (x1, y1, x2, y2)} normalised to [0, 1] by the image side,
 * four floats each, and their classes 1..K−1 (0 is background, never an object).
 *
 * <p>Checked on construction: finite coordinates, {@code x1 < x2} and {@code y1 < y2} (an empty box would
 * give an infinite regression target), classes at least 1. The arrays are copied in and out.
 */
public record GroundTruth(float[] boxes, int[] classes) {
    public GroundTruth {
        if (boxes.length != 4 * classes.length) {
            throw new IllegalArgumentException(classes.length + " classes for " + boxes.length / 4.0 + " boxes");
        }
        boxes = boxes.clone();
        classes = classes.clone();
        for (int i = 0; i < classes.length; i++) {
            int o = 4 * i;
            if (classes[i] < 1) {
                throw new IllegalArgumentException("box " + i + " has class " + classes[i] + "; objects are 1..K-1");
            }
            for (int c = 0; c < 4; c++) {
                if (!Float.isFinite(boxes[o + c])) {
                    throw new IllegalArgumentException("box " + i + " has a non-finite coordinate: " + describe(boxes, i));
                }
            }
            if (!(boxes[o] < boxes[o + 2] && boxes[o + 1] < boxes[o + 3])) {
                throw new IllegalArgumentException("box " + i + " is empty (needs x1 < x2 and y1 < y2): "
                        + describe(boxes, i));
            }
        }
    }

    /** An image without objects. */
    public static GroundTruth empty() {
        return new GroundTruth(new float[0], new int[0]);
    }

    public int count() {
        return classes.length;
    }

    @Override
    public float[] boxes() {
        return boxes.clone();
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    /** Box {@code i} as {@code [x1, y1, x2, y2]}. */
    public float[] box(int i) {
        return Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4);
    }

    float[] boxesView() {
        return boxes;
    }

    int classOf(int i) {
        return classes[i];
    }

    private static String describe(float[] boxes, int i) {
        return Arrays.toString(Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroundTruth g && Arrays.equals(boxes, g.boxes) && Arrays.equals(classes, g.classes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boxes) + Arrays.hashCode(classes);
    }

    @Override
    public String toString() {
        return "GroundTruth[" + count() + " boxes]";
    }
}
