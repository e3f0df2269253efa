package io.github.advent.tools.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.segmentation.SegmentationBatches;
import io.github.advent.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationTask;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The segmentation half of the demo: a small DeepLab-V2 trained with the same task, trainer and
 * training loop as {@code advent train segmentation}, on the demo's folder datasets, then scored on
 * the held-out target scenes.
 */
public final class DemoSegmentation {

    /** The demo's training settings (larger learning rates than ADVENT's: a small network from scratch). */
    public record Settings(String architecture, long iterations, double learningRate, double discriminatorLearningRate,
            SegmentationTask.Lambdas lambdas) {}

    private DemoSegmentation() {}

    /**
     * Trains one method for {@code settings.iterations()} from {@code init} (null: from scratch) and
     * returns the final snapshot.
     */
    public static Path train(DemoData.Domains data, Settings settings, Method method, Path init, long seed, Path runDirectory,
            TrainingRun.Listener listener) {
        GradMode.disableOnThisThread();
        Map<String, String> labelMap = Map.of("labels", data.labelMap().toString());
        SegmentationDataset source = SegmentationDatasets.open("folder", data.source().root(), with(labelMap, "true"));
        SegmentationDataset target = method == Method.SOURCE_ONLY ? null
                : SegmentationDatasets.open("folder", data.target().root(), with(labelMap, "false"));
        int classes = DemoClass.values().length;
        DeepLabConfig model = DeepLabConfig.parse(settings.architecture(), classes);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            DeepLabV2 network = DeepLabV2.create(manager, model, SplitMix64.derived(seed, 1));
            if (init != null) {
                DeepLabWeights.restore(init, network, true);
            }
            AdaptationConfig config = AdaptationConfig.defaults(method).withSeed(seed)
                    .withLearningRates(settings.learningRate(), settings.discriminatorLearningRate())
                    .withSchedule(settings.iterations(), 0.9)
                    .withDiscriminatorBaseWidth(16);
            int side = Images.info(data.source().root().resolve("images").resolve(firstImage(data.source().root()))).height();
            SegmentationTask task = new SegmentationTask(network, model.identity(), network.parameterGroups(),
                    settings.lambdas(), side);
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
                TrainingRun.Options options = new TrainingRun.Options(runDirectory, settings.iterations(),
                        settings.iterations(), false, "advent demo");
                TrainingRun.prepare(trainer, options);
                return TrainingRun.run(trainer, SegmentationBatches.of(source, target, seed, 1), options, listener)
                        .lastSnapshot();
            }
        }
    }

    /** The confusion matrix of a checkpoint on the labelled validation scenes. */
    public static ConfusionMatrix evaluate(Path checkpoint, DemoData.Split validation) {
        int classes = DemoClass.values().length;
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        Path images = validation.root().resolve("images");
        var size = Images.info(images.resolve(firstImage(validation.root())));
        try (SegmentationPredictor predictor = new SegmentationPredictor(checkpoint, Device.cpu(), size.width(), size.height());
                var files = Files.list(images)) {
            for (Path file : files.sorted().toList()) {
                var image = Images.readRgb(file);
                int[] truth = Images.readGrey(validation.root().resolve("labels").resolve(file.getFileName())).values();
                int[] predicted = predictor.predict(image, false, false).trainIds();
                for (int i = 0; i < truth.length; i++) {
                    matrix.add(truth[i], predicted[i], 1);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return matrix;
    }

    private static Map<String, String> with(Map<String, String> options, String labelled) {
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("labelled", labelled);
        return all;
    }

    private static String firstImage(Path root) {
        try (var files = Files.list(root.resolve("images"))) {
            return files.sorted().findFirst().orElseThrow().getFileName().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
