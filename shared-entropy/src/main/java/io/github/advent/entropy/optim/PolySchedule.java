package io.github.advent.entropy.optim;

/**
 * DeepLab's "poly" learning rate, {@code base · (1 − i / max)^power}, set every iteration.
 * ADVENT: power 0.9 over 250,000 iterations (training stops early, at 120,000).
 */
public record PolySchedule(double baseLearningRate, long maxIterations, double power) {
    public static final double DEFAULT_POWER = 0.9;

    public PolySchedule {
        if (maxIterations <= 0) {
            throw new IllegalArgumentException("schedule length must be positive: " + maxIterations);
        }
    }

    public double learningRate(long iteration) {
        double remaining = 1.0 - (double) iteration / maxIterations;
        return remaining <= 0 ? 0.0 : baseLearningRate * Math.pow(remaining, power);
    }
}
