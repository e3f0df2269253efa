package io.github.advent.classification;

import java.util.ArrayList;
import java.util.List;

/**
 * Top-1 accuracy and mean per-class accuracy (VisDA-2017's protocol, ADVENT-SPEC section 16) from a confusion
 * matrix of counts. Accumulation is exact (integer counts), so the order images are scored in does not matter.
 *
 * <p>Top-1 is correct images over all images. Mean per-class accuracy is the mean over classes of each class's
 * correct images over its images; a class with no image has no accuracy and is left out of the mean (VisDA's
 * validation split has all 12).
 */
public final class ClassificationScores {
    private final long[][] confusion;

    public ClassificationScores(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes >= 2 required: " + classes);
        }
        confusion = new long[classes][classes];
    }

    public int classes() {
        return confusion.length;
    }

    /** Counts one image of class {@code truth} predicted as {@code predicted}. */
    public void add(int truth, int predicted) {
        if (truth < 0 || truth >= confusion.length || predicted < 0 || predicted >= confusion.length) {
            throw new IllegalArgumentException("class index outside 0.." + (confusion.length - 1) + ": truth " + truth
                    + ", predicted " + predicted);
        }
        confusion[truth][predicted]++;
    }

    /** Adds another accumulator's counts (a cluster slice's). */
    public void addAll(ClassificationScores other) {
        if (other.classes() != classes()) {
            throw new IllegalArgumentException("class counts differ: " + classes() + " and " + other.classes());
        }
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                confusion[t][p] += other.confusion[t][p];
            }
        }
    }

    public long images() {
        long total = 0;
        for (long[] row : confusion) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    public long imagesOf(int truth) {
        long total = 0;
        for (long count : confusion[truth]) {
            total += count;
        }
        return total;
    }

    /** Top-1 accuracy in percent (NaN without images). */
    public double top1() {
        long correct = 0;
        for (int k = 0; k < confusion.length; k++) {
            correct += confusion[k][k];
        }
        long images = images();
        return images == 0 ? Double.NaN : 100.0 * correct / images;
    }

    /** Class {@code k}'s accuracy in percent, NaN when it has no image. */
    public double classAccuracy(int k) {
        long images = imagesOf(k);
        return images == 0 ? Double.NaN : 100.0 * confusion[k][k] / images;
    }

    /** The mean of the classes' accuracies in percent, over the classes with images (NaN when none has). */
    public double meanClassAccuracy() {
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < confusion.length; k++) {
            double accuracy = classAccuracy(k);
            if (!Double.isNaN(accuracy)) {
                sum += accuracy;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** Every class's accuracy, in class order. */
    public List<Double> classAccuracies() {
        List<Double> accuracies = new ArrayList<>();
        for (int k = 0; k < confusion.length; k++) {
            accuracies.add(classAccuracy(k));
        }
        return accuracies;
    }

    public long count(int truth, int predicted) {
        return confusion[truth][predicted];
    }
}
