package io.github.advent.tools.demo;

import io.github.advent.segmentation.SegmentationTask;

/**
 * How big the demo is. Every method starts from one shared source-only model (trained for
 * {@code pretrainIterations}) and trains {@code adaptIterations} more: source-only keeps training on the
 * source alone, MinEnt and AdvEnt add their target losses. All three thus see the same number of
 * source batches, and the comparison isolates what the target losses add.
 */
public record DemoPlan(String name, int width, int height, int sourceScenes, int targetScenes, int validationScenes,
        String segmentationArchitecture, long pretrainIterations, long adaptIterations, double learningRate,
        double discriminatorLearningRate, SegmentationTask.Lambdas lambdas, int sampleRows) {

    /**
     * The default demo (about 10 minutes on 2 cores). Learning rate and loss weights are larger than
     * ADVENT's (2.5e-4; 0.001) because a small network trains from scratch for hundreds, not 120,000,
     * iterations; the ratios between the two heads' weights are ADVENT's (aux = main / 5).
     */
    public static DemoPlan standard() {
        return new DemoPlan("standard", 256, 128, 150, 150, 40, "deeplabv2-resnet14-w16", 400, 200, 0.01, 1e-4,
                new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002), 3);
    }

    /** A smoke test of the installation (about 2 minutes): the same pipeline, too short to show gains. */
    public static DemoPlan quick() {
        return new DemoPlan("quick", 128, 64, 24, 24, 8, "deeplabv2-resnet14-w16", 40, 20, 0.01, 1e-4,
                new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002), 2);
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%s plan: %dx%d scenes (%d source, %d target, %d target validation); %s, %d source-only iterations"
                        + " then %d per method; SGD lr %.3g, discriminator Adam lr %.3g; lambda_ent %.3g, lambda_adv %.3g",
                name, width, height, sourceScenes, targetScenes, validationScenes, segmentationArchitecture,
                pretrainIterations, adaptIterations, learningRate, discriminatorLearningRate, lambdas.entropyMain(),
                lambdas.adversarialMain());
    }
}
