package io.github.advent.detection.box;

/**
 * SSD's box regression targets relative to a default box {@code (pcx, pcy, pw, ph)}, with variances 0.1
 * (centre) and 0.2 (size):
 * <pre>
 *   t_x = (cx − pcx) / (0.1 · pw)    t_y = (cy − pcy) / (0.1 · ph)
 *   t_w = ln(w / pw) / 0.2           t_h = ln(h / ph) / 0.2
 * </pre>
 * where {@code (cx, cy, w, h)} is the ground truth's centre form. {@link #decode} inverts it and returns
 * corners. Arrays are flat, four floats per box; offsets are box indices.
 */
public final class BoxCoding {
    public static final float CENTRE_VARIANCE = 0.1f;
    public static final float SIZE_VARIANCE = 0.2f;

    private BoxCoding() {}

    /**
     * Encodes the corner box {@code box} of {@code corners} against default box {@code prior} of {@code priors},
     * writing 4 values at box index {@code outIndex} of {@code out}.
     */
    public static void encode(float[] corners, int box, DefaultBoxes priors, int prior, float[] out, int outIndex) {
        float[] p = priors.centresView();
        int b = 4 * box;
        int q = 4 * prior;
        int o = 4 * outIndex;
        double w = corners[b + 2] - corners[b];
        double h = corners[b + 3] - corners[b + 1];
        double cx = (corners[b] + corners[b + 2]) / 2.0;
        double cy = (corners[b + 1] + corners[b + 3]) / 2.0;
        out[o] = (float) ((cx - p[q]) / (CENTRE_VARIANCE * p[q + 2]));
        out[o + 1] = (float) ((cy - p[q + 1]) / (CENTRE_VARIANCE * p[q + 3]));
        out[o + 2] = (float) (Math.log(w / p[q + 2]) / SIZE_VARIANCE);
        out[o + 3] = (float) (Math.log(h / p[q + 3]) / SIZE_VARIANCE);
    }

    /**
     * Decodes the regression output {@code offsets} of box {@code index} against default box {@code index} of
     * {@code priors} into corners at box index {@code index} of {@code out}.
     */
    public static void decode(float[] offsets, DefaultBoxes priors, int index, float[] out) {
        decode(offsets, priors, index, out, Double.POSITIVE_INFINITY);
    }

    /** As {@link #decode(float[], DefaultBoxes, int, float[])}, with {@code ln(w / pw)} and {@code ln(h / ph)} at most {@code sizeLogLimit}. */
    public static void decode(float[] offsets, DefaultBoxes priors, int index, float[] out, double sizeLogLimit) {
        float[] p = priors.centresView();
        int q = 4 * index;
        double cx = p[q] + offsets[q] * CENTRE_VARIANCE * p[q + 2];
        double cy = p[q + 1] + offsets[q + 1] * CENTRE_VARIANCE * p[q + 3];
        double w = p[q + 2] * Math.exp(Math.min(offsets[q + 2] * SIZE_VARIANCE, sizeLogLimit));
        double h = p[q + 3] * Math.exp(Math.min(offsets[q + 3] * SIZE_VARIANCE, sizeLogLimit));
        out[q] = (float) (cx - w / 2);
        out[q + 1] = (float) (cy - h / 2);
        out[q + 2] = (float) (cx + w / 2);
        out[q + 3] = (float) (cy + h / 2);
    }

    /** Decodes every box: {@code offsets} is {@code priors.count() x 4}; returns corners of the same size. */
    public static float[] decodeAll(float[] offsets, DefaultBoxes priors) {
        return decodeAll(offsets, priors, Double.POSITIVE_INFINITY);
    }

    /** Decodes every box with the size limit of {@link #decode(float[], DefaultBoxes, int, float[], double)}. */
    public static float[] decodeAll(float[] offsets, DefaultBoxes priors, double sizeLogLimit) {
        if (offsets.length != 4 * priors.count()) {
            throw new IllegalArgumentException(offsets.length / 4 + " regression outputs for " + priors.count()
                    + " default boxes");
        }
        float[] corners = new float[offsets.length];
        for (int i = 0; i < priors.count(); i++) {
            decode(offsets, priors, i, corners, sizeLogLimit);
        }
        return corners;
    }
}
