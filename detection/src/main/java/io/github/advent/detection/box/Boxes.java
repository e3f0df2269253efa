package io.github.advent.detection.box;

/** Geometry of corner-form boxes {@code (x1, y1, x2, y2)} stored four floats each in flat arrays. */
public final class Boxes {
    private Boxes() {}

    /** Area of box {@code i} of {@code boxes} (x2 − x1)·(y2 − y1), no "+1": coordinates are continuous. */
    public static float area(float[] boxes, int i) {
        int o = 4 * i;
        return (boxes[o + 2] - boxes[o]) * (boxes[o + 3] - boxes[o + 1]);
    }

    /**
     * Intersection over union of box {@code i} of {@code a} and box {@code j} of {@code b}; 0 when they do not
     * overlap. Union 0 (two empty boxes) gives 0, not NaN.
     */
    public static float iou(float[] a, int i, float[] b, int j) {
        int p = 4 * i;
        int q = 4 * j;
        float w = Math.min(a[p + 2], b[q + 2]) - Math.max(a[p], b[q]);
        float h = Math.min(a[p + 3], b[q + 3]) - Math.max(a[p + 1], b[q + 1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float intersection = w * h;
        float union = area(a, i) + area(b, j) - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
