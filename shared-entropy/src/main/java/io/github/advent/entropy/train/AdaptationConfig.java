package io.github.advent.entropy.train;

import io.github.advent.entropy.EntropyLosses;

/**
 * Everything that decides what an adaptation run computes, apart from the task and the data.
 * {@link #defaults(Method)} gives ADVENT's published settings (ADVENT-SPEC section 5); the
 * per-level loss weights live in the task's {@link AdaptationLevel}s.
 *
 * @param entropyRanking MinEnt+ER: the fraction of highest-entropy positions that enter the
 *     entropy loss; 0 turns ranking off
 * @param classPriorMu MinEnt+CP: the μ of the class-ratio prior; 0 turns the prior off
 * @param sourceClassDistribution p_s for the class-ratio prior (L1-normalised source class
 *     histogram), {@code null} when the prior is off
 */
public record AdaptationConfig(
        Method method,
        double entropyRanking,
        double classPriorMu,
        float[] sourceClassDistribution,
        double learningRate,
        double momentum,
        double weightDecay,
        double discriminatorLearningRate,
        double adamBeta1,
        double adamBeta2,
        long scheduleIterations,
        double schedulePower,
        int discriminatorBaseWidth,
        long seed) {

    public AdaptationConfig {
        if (entropyRanking < 0 || entropyRanking > 1) {
            throw new IllegalArgumentException("--entropy-ranking must be in (0, 1], got " + entropyRanking);
        }
        if (classPriorMu < 0) {
            throw new IllegalArgumentException("--class-prior must be >= 0, got " + classPriorMu);
        }
        if (classPriorMu > 0 && sourceClassDistribution == null) {
            throw new IllegalArgumentException("the class-ratio prior needs the source class distribution");
        }
        if ((entropyRanking > 0 || classPriorMu > 0) && method != Method.MINENT) {
            throw new IllegalArgumentException("entropy ranking and the class-ratio prior are MinEnt options, not " + method);
        }
    }

    /** ADVENT's defaults: SGD 2.5e-4 / 0.9 / 5e-4, Adam 1e-4 (0.9, 0.99), poly 0.9 over 250,000, D width 64, seed 1234. */
    public static AdaptationConfig defaults(Method method) {
        return new AdaptationConfig(method, 0, 0, null, 2.5e-4, 0.9, 5e-4, 1e-4, 0.9, 0.99, 250_000, 0.9, 64, 1234);
    }

    /** MinEnt+ER with the paper's ratio. */
    public AdaptationConfig withEntropyRanking(double ratio) {
        return new AdaptationConfig(method, ratio, classPriorMu, sourceClassDistribution, learningRate, momentum,
                weightDecay, discriminatorLearningRate, adamBeta1, adamBeta2, scheduleIterations, schedulePower,
                discriminatorBaseWidth, seed);
    }

    public AdaptationConfig withClassPrior(double mu, float[] sourceDistribution) {
        return new AdaptationConfig(method, entropyRanking, mu, sourceDistribution.clone(), learningRate, momentum,
                weightDecay, discriminatorLearningRate, adamBeta1, adamBeta2, scheduleIterations, schedulePower,
                discriminatorBaseWidth, seed);
    }

    public AdaptationConfig withLearningRates(double network, double discriminator) {
        return new AdaptationConfig(method, entropyRanking, classPriorMu, sourceClassDistribution, network, momentum,
                weightDecay, discriminator, adamBeta1, adamBeta2, scheduleIterations, schedulePower,
                discriminatorBaseWidth, seed);
    }

    public AdaptationConfig withSchedule(long iterations, double power) {
        return new AdaptationConfig(method, entropyRanking, classPriorMu, sourceClassDistribution, learningRate,
                momentum, weightDecay, discriminatorLearningRate, adamBeta1, adamBeta2, iterations, power,
                discriminatorBaseWidth, seed);
    }

    public AdaptationConfig withDiscriminatorBaseWidth(int width) {
        return new AdaptationConfig(method, entropyRanking, classPriorMu, sourceClassDistribution, learningRate,
                momentum, weightDecay, discriminatorLearningRate, adamBeta1, adamBeta2, scheduleIterations,
                schedulePower, width, seed);
    }

    public AdaptationConfig withSeed(long newSeed) {
        return new AdaptationConfig(method, entropyRanking, classPriorMu, sourceClassDistribution, learningRate,
                momentum, weightDecay, discriminatorLearningRate, adamBeta1, adamBeta2, scheduleIterations,
                schedulePower, discriminatorBaseWidth, newSeed);
    }

    /** MinEnt+ER at the paper's 30 %. */
    public static AdaptationConfig minEntWithRanking() {
        return defaults(Method.MINENT).withEntropyRanking(EntropyLosses.DEFAULT_RANKING_RATIO);
    }
}
