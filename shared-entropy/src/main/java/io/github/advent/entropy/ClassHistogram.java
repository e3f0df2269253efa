package io.github.advent.entropy;

import java.util.Arrays;

/**
 * Pixel (or box) counts per class of the source labels, the p_s of the class-ratio prior.
 * Labels outside [0, K) (the ignore label) are not counted.
 */
public final class ClassHistogram {
    private final long[] counts;

    public ClassHistogram(int classes) {
        this.counts = new long[classes];
    }

    public int classes() {
        return counts.length;
    }

    /** Counts every label of {@code labels} that is a class id. */
    public void add(int[] labels) {
        for (int label : labels) {
            if (label >= 0 && label < counts.length) {
                counts[label]++;
            }
        }
    }

    public void add(ClassHistogram other) {
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException("class counts differ: " + other.counts.length + " vs " + counts.length);
        }
        for (int c = 0; c < counts.length; c++) {
            counts[c] += other.counts[c];
        }
    }

    public long[] counts() {
        return counts.clone();
    }

    /** The L1-normalised distribution; all zeros when nothing was counted. */
    public float[] distribution() {
        long total = Arrays.stream(counts).sum();
        float[] p = new float[counts.length];
        if (total == 0) {
            return p;
        }
        for (int c = 0; c < counts.length; c++) {
            p[c] = (float) ((double) counts[c] / total);
        }
        return p;
    }
}
