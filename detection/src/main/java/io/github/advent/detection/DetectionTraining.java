package io.github.advent.detection;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.DetectionDatasets;
import io.github.advent.detection.data.SsdAugmentation;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.detection.model.SsdConvention;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.data.DatasetRef;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.optim.PolySchedule;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.BatchStream;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.StopSignal;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code advent train detection}: opens the datasets, builds SSD-300 (optionally from VGG-16, SSD or advent
 * weights) and runs source-only, MinEnt or AdvEnt training through the shared {@link TrainingRun} (run.json,
 * metrics.csv, snapshots, exact resume, a final snapshot on Ctrl-C, a clear stop on NaN).
 *
 * <p><b>Defaults</b> (the detection code of the paper was never released: SSD's own optimiser, ADVENT's
 * adaptation settings):
 * <ul>
 *   <li>network: SGD, learning rate {@value #LEARNING_RATE} (SSD's), momentum 0.9, weight decay 5e-4, every
 *       parameter at the base rate (SSD has no 10x heads); the rate follows the poly schedule
 *       {@code lr · (1 − i / N)^0.9} over the run's own N = {@code iterations} (SSD's step schedule is replaced
 *       by ADVENT's poly one, which needs a length: the run's);
 *   <li>discriminators (AdvEnt): Adam 1e-4, betas (0.9, 0.99), same poly schedule;
 *   <li>batch: {@value #BATCH_SIZE} source + {@value #BATCH_SIZE} target image per iteration, as ADVENT
 *       trains; SSD's 32 is a GPU batch (an iteration of the full network at batch 1 already takes seconds
 *       on a CPU);
 *   <li>λ_ent 0.001 in total over all 8,732 default boxes, λ_adv 0.001 on each discriminated level, by default
 *       conv4_3 and conv7 ({@link DetectionTask});
 *   <li>SSD's augmentation ({@link SsdAugmentation#standard()}) on source images; target images are only
 *       resized, as ADVENT reads them;
 *   <li>classes: the source dataset's (Cityscapes: 8) plus the background; the target is opened without
 *       labels;
 *   <li>run length {@value #ITERATIONS} iterations and a snapshot every 2,000 (the command line's defaults).
 * </ul>
 * Batch size, augmentation, discriminated levels and learning rate are recorded in {@code run.json}; a
 * {@code --resume} that asks for other values is refused rather than silently continuing differently.
 */
public final class DetectionTraining {
    /** SSD's base learning rate. */
    public static final double LEARNING_RATE = 1e-3;
    /** Images per domain per iteration. */
    public static final int BATCH_SIZE = 1;
    /** ssd.pytorch's VOC schedule length; also ADVENT's stopping point for segmentation. */
    public static final long ITERATIONS = 120_000;

    /**
     * Everything a run needs.
     *
     * @param architecture {@code ssd300-vgg16} or a narrow variant ({@code ssd300-vgg16-w8})
     * @param learningRate the network's base rate, null for {@value #LEARNING_RATE}
     * @param discriminated the levels watched by a discriminator under AdvEnt
     * @param decodeThreads image-decoding threads per dataset
     */
    public record Spec(Method method, DatasetRef source, DatasetRef target, Path runDirectory, Path init, long iterations,
            long snapshotEvery, boolean resume, Device device, long seed, String architecture, Double learningRate,
            int batchSize, boolean augment, Set<String> discriminated, int decodeThreads, String command) {
        public Spec {
            discriminated = Set.copyOf(discriminated);
        }
    }

    private DetectionTraining() {}

    /** Runs (or resumes) a training run that Ctrl-C stops with a final snapshot; {@code log} receives one-line notes. */
    public static TrainingRun.Result run(Spec spec, TrainingRun.Listener listener, Consumer<String> log) {
        return run(spec, listener, log, null);
    }

    /**
     * As above, stopping (with a final snapshot) when {@code stop} is requested; {@code null}: on Ctrl-C, with the
     * hook registered only once the run starts (a run refused earlier leaves no hook behind).
     */
    public static TrainingRun.Result run(Spec spec, TrainingRun.Listener listener, Consumer<String> log, StopSignal stop) {
        GradMode.disableOnThisThread();
        DetectionDataset source = open(spec.source(), true);
        DetectionDataset target = spec.method() == Method.SOURCE_ONLY ? null : open(spec.target(), false);
        log.accept("source: " + source.describe());
        if (target != null) {
            log.accept("target: " + target.describe());
        }
        // a weight file is read once: its keys tell the conventions, its tensors initialise the network
        Path init = spec.resume() ? null : spec.init();
        Map<String, TensorData> initTensors = init == null || SsdWeights.isAdventCheckpoint(init) ? null
                : WeightFiles.read(init);
        SsdConfig model = withWeightsConvention(spec, initTensors,
                SsdConfig.parse(spec.architecture(), source.classes().size() + 1), log);
        Map<String, String> settings = settings(spec);
        AdaptationConfig config = spec.resume() ? resumedConfig(spec, settings) : config(spec);
        try (NDManager manager = NDManager.newBaseManager(spec.device())) {
            Ssd300 network = Ssd300.create(manager, model, SplitMix64.derived(spec.seed(), 1));
            if (init != null) {
                log.accept("init: " + (initTensors == null ? SsdWeights.restore(init, network, false)
                        : SsdWeights.importTensors(init, initTensors, network, false)).summary());
            }
            DetectionTask task = new DetectionTask(network, DetectionTask.Lambdas.ADVENT, spec.discriminated());
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
                TrainingRun.Options options = new TrainingRun.Options(spec.runDirectory(), spec.iterations(),
                        spec.snapshotEvery(), spec.resume(), spec.command(), settings);
                SsdAugmentation augmentation = spec.augment() ? SsdAugmentation.standard() : null;
                BatchStream.Factory batches = DetectionBatchStream.of(source, target, augmentation,
                        model.convention().preprocessing(), spec.batchSize(), config.seed(), spec.decodeThreads());
                return TrainingRun.prepareAndRun(trainer, batches, options, listener, stop, log);
            }
        }
    }

    /**
     * The network with the conventions of the weights it continues from (the run's last snapshot when resuming,
     * else {@code --init}): torchvision's weights train with torchvision's default boxes and input.
     */
    private static SsdConfig withWeightsConvention(Spec spec, Map<String, TensorData> initTensors, SsdConfig model,
            Consumer<String> log) {
        Path weights = spec.resume() ? TrainingRun.latestSnapshot(spec.runDirectory()).orElse(null) : spec.init();
        if (weights == null) {
            return model;
        }
        SsdConvention convention = (initTensors == null ? SsdWeights.conventionOf(weights)
                : SsdWeights.convention(SsdWeights.detectLayout(initTensors.keySet()))).orElse(model.convention());
        if (convention != model.convention()) {
            log.accept("conventions: " + weights.getFileName() + " expects " + convention.displayName()
                    + "'s default boxes and input; training " + model.withConvention(convention).architecture());
        }
        return model.withConvention(convention);
    }

    private static DetectionDataset open(DatasetRef ref, boolean labelled) {
        // a target's labels are never read, nor required
        return DetectionDatasets.open(ref.kind(), ref.root(), DetectionDatasets.withLabelled(ref.kind(), ref.options(), labelled));
    }

    /** The defaults above, with the run's length as the poly schedule's. */
    static AdaptationConfig config(Spec spec) {
        AdaptationConfig defaults = AdaptationConfig.defaults(spec.method());
        return defaults.withSeed(spec.seed())
                .withLearningRates(spec.learningRate() == null ? LEARNING_RATE : spec.learningRate(),
                        defaults.discriminatorLearningRate())
                .withSchedule(spec.iterations(), PolySchedule.DEFAULT_POWER);
    }

    /** What run.json records beyond the trainer's config, so that a resume can be checked against it. */
    static Map<String, String> settings(Spec spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("batch_size", Integer.toString(spec.batchSize()));
        settings.put("augment", Boolean.toString(spec.augment()));
        settings.put("discriminate", String.join(",", new TreeSet<>(spec.discriminated())));
        return settings;
    }

    private static AdaptationConfig resumedConfig(Spec spec, Map<String, String> settings) {
        Map<String, String> recorded = TrainingRun.settings(spec.runDirectory());
        AdaptationConfig config = TrainingRun.resumedConfig(spec.runDirectory(), spec.method());
        Path runFile = spec.runDirectory().resolve(TrainingRun.RUN_FILE);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String was = recorded.get(e.getKey());
            if (was != null && !was.equals(e.getValue())) {
                throw new BadInputException(runFile, "the run was trained with " + e.getKey() + " " + was + ", this"
                        + " resume asks for " + e.getValue() + "; give the run's own settings to continue it");
            }
        }
        if (spec.learningRate() != null && spec.learningRate() != config.learningRate()) {
            throw new BadInputException(runFile, "the run was trained with learning rate " + config.learningRate()
                    + ", this resume asks for " + spec.learningRate() + "; give the run's own settings to continue it");
        }
        if (spec.iterations() > config.scheduleIterations()) {
            throw new BadInputException(runFile, "the run's poly schedule ends at iteration " + config.scheduleIterations()
                    + " (its --iterations), where the learning rate reaches 0; it cannot be resumed to "
                    + spec.iterations() + ". Start a new run from its last snapshot with --init instead");
        }
        return config;
    }

    /** The level names a discriminator may watch. */
    public static List<String> levelNames() {
        return SsdConfig.ssd300().featureMaps().stream().map(m -> m.name()).toList();
    }
}
