package io.github.advent.segmentation;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.data.DatasetRef;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.segmentation.data.LabelScan;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import io.github.advent.entropy.weights.WeightImport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code advent train segmentation}: opens the datasets, builds DeepLab-V2 (optionally from
 * ImageNet or other weights), and runs ADVENT's training with every published default
 * (ADVENT-SPEC section 5) through the shared {@link TrainingRun}.
 */
public final class SegmentationTraining {
    /**
     * Everything a run needs. {@code entropyRanking} and {@code classPrior} are 0 when off;
     * {@code architecture} null means {@code deeplabv2-resnet101}; {@code learningRate} and
     * {@code discriminatorLearningRate} null mean ADVENT's defaults.
     */
    public record Spec(Method method, double entropyRanking, double classPrior, DatasetRef source, DatasetRef target,
            Path runDirectory, Path init, long iterations, long snapshotEvery, boolean resume, Device device, long seed,
            String architecture, Double learningRate, Double discriminatorLearningRate, int decodeThreads,
            String command) {}

    private SegmentationTraining() {}

    /** Runs (or resumes) a training run; {@code log} receives one-line notes (datasets, weights, resume point). */
    public static TrainingRun.Result run(Spec spec, TrainingRun.Listener listener, Consumer<String> log) {
        GradMode.disableOnThisThread();
        SegmentationDataset source = open(spec.source(), true, 0);
        int classes = source.numClasses();
        SegmentationDataset target = spec.method() == Method.SOURCE_ONLY ? null : open(spec.target(), false, classes);
        if (target != null) {
            target.labelMap().requireClasses(classes, "the source's label map (" + source.labelMap().name() + ")");
        }
        log.accept("source: " + source.describe());
        if (target != null) {
            log.accept("target: " + target.describe());
        }
        DeepLabConfig model = DeepLabConfig.parse(
                spec.architecture() == null ? "deeplabv2-resnet101" : spec.architecture(), classes);
        try (NDManager manager = NDManager.newBaseManager(spec.device())) {
            DeepLabV2 network = DeepLabV2.create(manager, model, SplitMix64.derived(spec.seed(), 1));
            if (spec.init() != null && !spec.resume()) {
                WeightImport result = DeepLabWeights.restore(spec.init(), network, false);
                log.accept("init: " + result.summary());
            }
            AdaptationConfig config = spec.resume() ? TrainingRun.resumedConfig(spec.runDirectory(), spec.method())
                    : config(spec, source, classes, log);
            int minSide = Math.min(sideOf(source), target == null ? Integer.MAX_VALUE : sideOf(target));
            SegmentationTask task = new SegmentationTask(network, new ModelIdentity(model.architecture(), classes),
                    network.parameterGroups(), SegmentationTask.Lambdas.ADVENT, minSide);
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
                TrainingRun.Options options = new TrainingRun.Options(spec.runDirectory(), spec.iterations(),
                        spec.snapshotEvery(), spec.resume(), spec.command());
                return TrainingRun.prepareAndRun(trainer, SegmentationBatches.of(source, target, config.seed(),
                        spec.decodeThreads()), options, listener, null, log);
            }
        }
    }

    private static SegmentationDataset open(DatasetRef ref, boolean labelled, int classes) {
        Map<String, String> options = new LinkedHashMap<>(ref.options());
        options.putIfAbsent("labelled", Boolean.toString(labelled));
        if (classes == 16 && ref.kind().contains("cityscapes")) {
            options.putIfAbsent("classes", "16"); // SYNTHIA -> Cityscapes: the target speaks SYNTHIA's 16 classes
        }
        return SegmentationDatasets.open(ref.kind(), ref.root(), options);
    }

    private static int sideOf(SegmentationDataset dataset) {
        return dataset.sampleSize() == null ? 256 : Math.min(dataset.sampleSize().width(), dataset.sampleSize().height());
    }

    private static AdaptationConfig config(Spec spec, SegmentationDataset source, int classes, Consumer<String> log) {
        AdaptationConfig config = AdaptationConfig.defaults(spec.method()).withSeed(spec.seed());
        if (spec.learningRate() != null || spec.discriminatorLearningRate() != null) {
            config = config.withLearningRates(
                    spec.learningRate() == null ? config.learningRate() : spec.learningRate(),
                    spec.discriminatorLearningRate() == null ? config.discriminatorLearningRate()
                            : spec.discriminatorLearningRate());
        }
        if (spec.entropyRanking() > 0) {
            config = config.withEntropyRanking(spec.entropyRanking());
        }
        if (spec.classPrior() > 0) {
            LabelScan scan = LabelScan.of(source, spec.decodeThreads());
            log.accept("source class distribution from " + source.size() + " label maps");
            config = config.withClassPrior(spec.classPrior(), scan.distribution());
        }
        if (classes < 2) {
            throw new BadInputException(source.root(), "the label map has fewer than 2 classes");
        }
        return config;
    }
}
