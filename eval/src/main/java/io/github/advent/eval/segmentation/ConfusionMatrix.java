package io.github.advent.eval.segmentation;

import java.util.Arrays;

/**
 * A C x C pixel confusion matrix in 64-bit counts: rows are the ground-truth class, columns the
 * predicted class. Only pixels whose ground truth is a class in [0, C) are counted (the caller
 * drops ignored pixels). Not thread-safe: give each thread its own and {@link #add(ConfusionMatrix)
 * merge} them; integer sums make the result independent of the order.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1 || classes > 255) {
            throw new IllegalArgumentException("classes must be in [1, 255], got " + classes);
        }
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    /** A matrix with the given rows (ground truth) and columns (prediction). */
    public static ConfusionMatrix of(long[][] rows) {
        ConfusionMatrix m = new ConfusionMatrix(rows.length);
        for (int g = 0; g < rows.length; g++) {
            if (rows[g].length != rows.length) {
                throw new IllegalArgumentException("row " + g + " has " + rows[g].length + " entries, expected "
                        + rows.length);
            }
            for (int p = 0; p < rows.length; p++) {
                m.add(g, p, rows[g][p]);
            }
        }
        return m;
    }

    public int classes() {
        return classes;
    }

    public long get(int groundTruth, int prediction) {
        return counts[groundTruth * classes + prediction];
    }

    public void add(int groundTruth, int prediction, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        counts[groundTruth * classes + prediction] += count;
    }

    /** Adds a row-major C*C histogram (one image's counts). */
    public void add(int[] histogram) {
        if (histogram.length != counts.length) {
            throw new IllegalArgumentException("histogram has " + histogram.length + " bins, expected " + counts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += histogram[i];
        }
    }

    /** Adds every count of {@code other} (same size). */
    public void add(ConfusionMatrix other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot merge a " + other.classes + "-class matrix into a " + classes
                    + "-class one");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    /** Pixels of ground-truth class {@code c} (true positives + false negatives). */
    public long rowSum(int c) {
        long sum = 0;
        for (int p = 0; p < classes; p++) {
            sum += counts[c * classes + p];
        }
        return sum;
    }

    /** Pixels predicted as class {@code c} on counted ground truth (true positives + false positives). */
    public long columnSum(int c) {
        long sum = 0;
        for (int g = 0; g < classes; g++) {
            sum += counts[g * classes + c];
        }
        return sum;
    }

    public long truePositives(int c) {
        return get(c, c);
    }

    public long falsePositives(int c) {
        return columnSum(c) - get(c, c);
    }

    public long falseNegatives(int c) {
        return rowSum(c) - get(c, c);
    }

    /** All counted pixels. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /**
     * IoU_c = M[c,c] / (rowsum_c + colsum_c - M[c,c]) per class; {@code NaN} where the denominator is
     * 0 (the class is neither in the ground truth nor predicted), 0 where it is only predicted.
     */
    public double[] iou() {
        double[] iou = new double[classes];
        for (int c = 0; c < classes; c++) {
            long tp = get(c, c);
            long denominator = rowSum(c) + columnSum(c) - tp;
            iou[c] = denominator == 0 ? Double.NaN : (double) tp / (double) denominator;
        }
        return iou;
    }

    public long[][] toArray() {
        long[][] rows = new long[classes][classes];
        for (int g = 0; g < classes; g++) {
            System.arraycopy(counts, g * classes, rows[g], 0, classes);
        }
        return rows;
    }

    public ConfusionMatrix copy() {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        System.arraycopy(counts, 0, m.counts, 0, counts.length);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.classes == classes && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * classes + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[" + classes + " classes, " + total() + " pixels]";
    }
}
