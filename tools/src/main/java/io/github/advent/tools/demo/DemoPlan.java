package io.github.advent.tools.demo;

import io.github.advent.detection.DetectionTask;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.segmentation.SegmentationTask;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

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
     *
     * <p>{@code pretrainIterations} 0: every method continues the source-only detector shipped with advent
     * ({@link DemoDetectionStart}, made by {@link #DETECTION_START}), which has trained far longer than a demo could;
     * otherwise the demo trains a start of that many iterations at {@code learningRate} for each seed.
     * The learning rates are below ssd.pytorch's 1e-3: the demo's SSD starts from random weights on raw (mean-only)
     * pixels without batch norm, and at 1e-3 its loss oscillates around 30 until the poly decay brings the rate
     * under about 4e-4 (2e-3 and 5e-3 diverge within 25 iterations). Every method's continuation starts its
     * own poly schedule at {@code adaptLearningRate}: restarting at the start's rate threw a converged
     * source-only model back (its loss from 4 to 10, target mAP 20 -> 13).
     *
     * @param batchSize source images (and target images) per iteration
     * @param discriminated the maps AdvEnt's discriminators watch
     */
    public record Detection(String architecture, long pretrainIterations, long adaptIterations, double learningRate,
            double adaptLearningRate, double discriminatorLearningRate, int batchSize, DetectionTask.Lambdas lambdas,
            Set<String> discriminated, DetectionTask.EntropyWeighting weighting) {

        public Detection {
            discriminated = Collections.unmodifiableSortedSet(new TreeSet<>(discriminated));
        }

        /**
         * These settings with some replaced, from {@code key=value} pairs separated by commas (keys: architecture,
         * pretrain, adapt, lr, lr_adapt, lr_d, batch, ent, adv, disc (maps joined by '+'), weighting (uniform or
         * foreground)): a developer's lever for experiments.
         */
        public Detection with(String overrides) {
            String architecture = this.architecture;
            long pretrain = pretrainIterations;
            long adapt = adaptIterations;
            double lr = learningRate;
            double lrAdapt = adaptLearningRate;
            double lrD = discriminatorLearningRate;
            int batch = batchSize;
            double ent = lambdas.entropy();
            double adv = lambdas.adversarial();
            Set<String> disc = discriminated;
            DetectionTask.EntropyWeighting weights = weighting;
            for (String pair : overrides.split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
                }
                String v = kv[1].trim();
                switch (kv[0].trim()) {
                    case "architecture" -> architecture = v;
                    case "pretrain" -> pretrain = Long.parseLong(v);
                    case "adapt" -> adapt = Long.parseLong(v);
                    case "lr" -> lr = Double.parseDouble(v);
                    case "lr_adapt" -> lrAdapt = Double.parseDouble(v);
                    case "lr_d" -> lrD = Double.parseDouble(v);
                    case "batch" -> batch = Integer.parseInt(v);
                    case "ent" -> ent = Double.parseDouble(v);
                    case "adv" -> adv = Double.parseDouble(v);
                    case "disc" -> disc = Set.of(v.split("\\+"));
                    case "weighting" -> weights = DetectionTask.EntropyWeighting.valueOf(v.toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown detection setting '" + kv[0] + "'");
                }
            }
            return new Detection(architecture, pretrain, adapt, lr, lrAdapt, lrD, batch, new DetectionTask.Lambdas(ent, adv),
                    disc, weights);
        }
    }

    /**
     * How the shipped source-only detector is made ({@code advent demo --make-detection-start}): the demo's network
     * trained on {@code sourceScenes} synthetic scenes (the demo's own first ones among them) for {@code iterations}
     * at {@code learningRate} with poly decay, {@code batchSize} images per iteration, seeded with {@code seed}.
     */
    public record DetectionStart(int sourceScenes, long iterations, double learningRate, int batchSize, long seed) {}

    /** The shipped start's recipe. */
    public static final DetectionStart DETECTION_START = new DetectionStart(2000, 4000, 5e-4, 4, 1);

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

    /** The default demo: about 9 minutes on 2 cores. */
    public static DemoPlan standard() {
        return new DemoPlan("standard", 256, 128, 150, 150, 100, 3,
                new Segmentation("deeplabv2-resnet14-w16", 400, 200, 0.01, 1e-4,
                        new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002)),
                new Detection("ssd300-vgg16-w16", 0, 300, 4e-4, 1e-4, 1e-4, 1, new DetectionTask.Lambdas(0.1, 0.002),
                        DetectionTask.DEFAULT_DISCRIMINATED, DetectionTask.EntropyWeighting.UNIFORM));
    }

    /** A smoke test of the installation (under a minute on 2 cores): the same pipeline, too short to show gains. */
    public static DemoPlan quick() {
        DemoPlan standard = standard();
        Detection detection = standard.detection();
        return new DemoPlan("quick", 128, 64, 24, 24, 8, 2,
                new Segmentation(standard.segmentation().architecture(), 40, 20, 0.01, 1e-4, standard.segmentation().lambdas()),
                new Detection(detection.architecture(), 0, 20, detection.learningRate(), detection.adaptLearningRate(),
                        detection.discriminatorLearningRate(), detection.batchSize(), detection.lambdas(),
                        detection.discriminated(), detection.weighting()));
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "%s plan: %dx%d scenes (%d source, %d target, %d target validation); segmentation: %s, %d source-only"
                        + " iterations then %d per method, lr %.3g, lambda_ent %.3g, lambda_adv %.3g; detection: %s,"
                        + " %s then %d iterations per method at lr %.3g, batch %d, lambda_ent %.3g (%s), lambda_adv %.3g"
                        + " on %s; tent: %d Adam step(s) per image at lr %.3g%s",
                name, width, height, sourceScenes, targetScenes, validationScenes, segmentation.architecture(),
                segmentation.pretrainIterations(), segmentation.adaptIterations(), segmentation.learningRate(),
                segmentation.lambdas().entropyMain(), segmentation.lambdas().adversarialMain(), detection.architecture(),
                detection.pretrainIterations() == 0 ? "the shipped source-only start"
                        : String.format(Locale.ROOT, "%d source-only iterations at lr %.3g", detection.pretrainIterations(),
                                detection.learningRate()),
                detection.adaptIterations(), detection.adaptLearningRate(), detection.batchSize(),
                detection.lambdas().entropy(), detection.weighting().name().toLowerCase(Locale.ROOT),
                detection.lambdas().adversarial(), String.join("+", detection.discriminated()), testTime.steps(),
                testTime.learningRate(),
                testTime.episodic() ? ", episodic" : ", online");
    }
}
