package io.github.advent.tools.demo;

import io.github.advent.detection.DetectionTask;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.segmentation.SegmentationTask;
import java.util.Locale;

/**
 * How big the demo is. In each task every method starts from one shared source-only model (trained
 * for {@code pretrainIterations}) and trains {@code adaptIterations} more: source-only keeps training on
 * the source alone, MinEnt and AdvEnt add their target losses. All three see the same source batches,
 * so the comparison isolates what the target losses add.
 */
public record DemoPlan(String name, int width, int height, int sourceScenes, int targetScenes, int validationScenes,
        int sampleRows, Segmentation segmentation, Detection detection, TestTimeAdapter.Config testTime) {

    /** With Tent's own settings for the test-time row (one Adam step per image, lr 1e-3, online). */
    public DemoPlan(String name, int width, int height, int sourceScenes, int targetScenes, int validationScenes,
            int sampleRows, Segmentation segmentation, Detection detection) {
        this(name, width, height, sourceScenes, targetScenes, validationScenes, sampleRows, segmentation, detection,
                TestTimeAdapter.Config.TENT);
    }

    /**
     * The segmentation settings. Learning rate and loss weights are larger than ADVENT's (2.5e-4; 0.001)
     * because a small network trains from scratch for hundreds, not 120,000, iterations; the ratio of the
     * two heads' weights is ADVENT's (aux = main / 5).
     */
    public record Segmentation(String architecture, long pretrainIterations, long adaptIterations, double learningRate,
            double discriminatorLearningRate, SegmentationTask.Lambdas lambdas) {}

    /**
     * The detection settings (entropy weight: the total over all default boxes; adversarial: per watched map).
     * The learning rate is below ssd.pytorch's 1e-3: the demo's SSD starts from random weights on raw (mean-only)
     * pixels without batch norm, and at 1e-3 its loss oscillates around 30 until the poly decay brings the rate
     * under about 4e-4 (2e-3 and 5e-3 diverge within 25 iterations). Every method's continuation starts its
     * own poly schedule at {@code adaptLearningRate}: restarting at the start's rate threw the converged
     * source-only model back (its loss from 4 to 10, target mAP 20 -> 13).
     */
    public record Detection(String architecture, long pretrainIterations, long adaptIterations, double learningRate,
            double adaptLearningRate, double discriminatorLearningRate, DetectionTask.Lambdas lambdas) {

        /**
         * These settings with some replaced, from {@code key=value} pairs separated by commas (keys:
         * architecture, pretrain, adapt, lr, lr_adapt, lr_d, ent, adv): a developer's lever for short experiments.
         */
        public Detection with(String overrides) {
            Detection d = this;
            for (String pair : overrides.split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
                }
                String v = kv[1].trim();
                d = switch (kv[0].trim()) {
                    case "architecture" -> new Detection(v, d.pretrainIterations, d.adaptIterations, d.learningRate,
                            d.adaptLearningRate, d.discriminatorLearningRate, d.lambdas);
                    case "pretrain" -> new Detection(d.architecture, Long.parseLong(v), d.adaptIterations, d.learningRate,
                            d.adaptLearningRate, d.discriminatorLearningRate, d.lambdas);
                    case "adapt" -> new Detection(d.architecture, d.pretrainIterations, Long.parseLong(v), d.learningRate,
                            d.adaptLearningRate, d.discriminatorLearningRate, d.lambdas);
                    case "lr" -> new Detection(d.architecture, d.pretrainIterations, d.adaptIterations, Double.parseDouble(v),
                            d.adaptLearningRate, d.discriminatorLearningRate, d.lambdas);
                    case "lr_adapt" -> new Detection(d.architecture, d.pretrainIterations, d.adaptIterations, d.learningRate,
                            Double.parseDouble(v), d.discriminatorLearningRate, d.lambdas);
                    case "lr_d" -> new Detection(d.architecture, d.pretrainIterations, d.adaptIterations, d.learningRate,
                            d.adaptLearningRate, Double.parseDouble(v), d.lambdas);
                    case "ent" -> new Detection(d.architecture, d.pretrainIterations, d.adaptIterations, d.learningRate,
                            d.adaptLearningRate, d.discriminatorLearningRate,
                            new DetectionTask.Lambdas(Double.parseDouble(v), d.lambdas.adversarial()));
                    case "adv" -> new Detection(d.architecture, d.pretrainIterations, d.adaptIterations, d.learningRate,
                            d.adaptLearningRate, d.discriminatorLearningRate,
                            new DetectionTask.Lambdas(d.lambdas.entropy(), Double.parseDouble(v)));
                    default -> throw new IllegalArgumentException("unknown detection setting '" + kv[0] + "'");
                };
            }
            return d;
        }
    }

    /** This plan with {@code scenes} held-out scenes per domain (the source-domain score uses as many). */
    public DemoPlan withValidationScenes(int scenes) {
        return new DemoPlan(name, width, height, sourceScenes, targetScenes, scenes, sampleRows, segmentation, detection,
                testTime);
    }

    public DemoPlan withDetection(Detection replaced) {
        return new DemoPlan(name, width, height, sourceScenes, targetScenes, validationScenes, sampleRows, segmentation,
                replaced, testTime);
    }

    /**
     * This plan with the test-time row's settings replaced from {@code key=value} pairs separated by commas (keys:
     * steps, lr, episodic): a developer's lever, e.g. steps=0 for batch statistics alone.
     */
    public DemoPlan withTestTime(String overrides) {
        TestTimeAdapter.Config c = testTime;
        for (String pair : overrides.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
            }
            c = switch (kv[0].strip()) {
                case "steps" -> new TestTimeAdapter.Config(Integer.parseInt(kv[1].strip()), c.learningRate(), c.episodic());
                case "lr" -> new TestTimeAdapter.Config(c.steps(), Double.parseDouble(kv[1].strip()), c.episodic());
                case "episodic" -> new TestTimeAdapter.Config(c.steps(), c.learningRate(), Boolean.parseBoolean(kv[1].strip()));
                default -> throw new IllegalArgumentException("unknown test-time setting '" + kv[0] + "'");
            };
        }
        return new DemoPlan(name, width, height, sourceScenes, targetScenes, validationScenes, sampleRows, segmentation,
                detection, c);
    }

    /** The default demo: about 5 minutes on 2 cores. */
    public static DemoPlan standard() {
        return new DemoPlan("standard", 256, 128, 150, 150, 40, 3,
                new Segmentation("deeplabv2-resnet14-w16", 400, 200, 0.01, 1e-4,
                        new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002)),
                new Detection("ssd300-vgg16-w8", 1500, 300, 4e-4, 1e-4, 1e-4, new DetectionTask.Lambdas(0.1, 0.002)));
    }

    /** A smoke test of the installation (under a minute on 2 cores): the same pipeline, too short to show gains. */
    public static DemoPlan quick() {
        DemoPlan standard = standard();
        return new DemoPlan("quick", 128, 64, 24, 24, 8, 2,
                new Segmentation(standard.segmentation().architecture(), 40, 20, 0.01, 1e-4, standard.segmentation().lambdas()),
                new Detection(standard.detection().architecture(), 40, 20, standard.detection().learningRate(),
                        standard.detection().adaptLearningRate(), 1e-4, standard.detection().lambdas()));
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "%s plan: %dx%d scenes (%d source, %d target, %d target validation); segmentation: %s, %d source-only"
                        + " iterations then %d per method, lr %.3g, lambda_ent %.3g, lambda_adv %.3g; detection: %s,"
                        + " %d + %d iterations, lr %.3g then %.3g, lambda_ent %.3g, lambda_adv %.3g; tent: %d Adam step(s)"
                        + " per image at lr %.3g%s",
                name, width, height, sourceScenes, targetScenes, validationScenes, segmentation.architecture(),
                segmentation.pretrainIterations(), segmentation.adaptIterations(), segmentation.learningRate(),
                segmentation.lambdas().entropyMain(), segmentation.lambdas().adversarialMain(), detection.architecture(),
                detection.pretrainIterations(), detection.adaptIterations(), detection.learningRate(), detection.adaptLearningRate(),
                detection.lambdas().entropy(), detection.lambdas().adversarial(), testTime.steps(), testTime.learningRate(),
                testTime.episodic() ? ", episodic" : ", online");
    }
}
