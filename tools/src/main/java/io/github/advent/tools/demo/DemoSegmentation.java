package io.github.advent.tools.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.segmentation.SegmentationBatches;
import io.github.advent.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationTask;
import io.github.advent.tools.SegmentationTestTime;
import io.github.advent.tools.TestTimeRun;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segmentation half of the demo: a small DeepLab-V2 trained with the same task, trainer and
 * training loop as {@code advent train segmentation}, on the demo's folder datasets, then scored
 * (mIoU over the 8 classes) on the held-out target scenes.
 */
final class DemoSegmentation implements DemoTask {
    private final DemoData.Domains data;
    private final DemoPlan plan;

    DemoSegmentation(DemoData.Domains data, DemoPlan plan) {
        this.data = data;
        this.plan = plan;
    }

    @Override
    public String name() {
        return "Segmentation";
    }

    @Override
    public String metric() {
        return "mIoU";
    }

    @Override
    public List<String> classes() {
        return DemoClass.labels();
    }

    /** The realistic target. */
    @Override
    public List<Target> targets() {
        return List.of(new Target("realistic", data.target(), data.validation()));
    }

    @Override
    public boolean hasBatchStatistics() {
        return true;
    }

    @Override
    public long pretrainIterations() {
        return plan.segmentation().pretrainIterations();
    }

    @Override
    public long adaptIterations() {
        return plan.segmentation().adaptIterations();
    }

    @Override
    public Trained train(Method method, DemoData.Split labelled, Target adaptTo, Path init, long iterations, long seed,
            Path runDirectory, TrainingRun.Listener listener) {
        GradMode.disableOnThisThread();
        SegmentationDataset source = open(labelled, true);
        SegmentationDataset target = method == Method.SOURCE_ONLY ? null : open(adaptTo.train(), false);
        DeepLabConfig model = DeepLabConfig.parse(plan.segmentation().architecture(), DemoClass.values().length);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            DeepLabV2 network = DeepLabV2.create(manager, model, SplitMix64.derived(seed, 1));
            if (init != null) {
                DeepLabWeights.restore(init, network, true);
            }
            AdaptationConfig config = DemoRun.config(method, seed, iterations, plan.segmentation().learningRate(),
                    plan.segmentation().discriminatorLearningRate());
            SegmentationTask task = new SegmentationTask(network, model.identity(), network.parameterGroups(),
                    plan.segmentation().lambdas(), plan.height());
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
                return DemoRun.run(trainer, SegmentationBatches.of(source, target, seed, 1), iterations, runDirectory,
                        listener);
            }
        }
    }

    private SegmentationDataset open(DemoData.Split split, boolean labelled) {
        Map<String, String> options = new HashMap<>();
        options.put("labels", data.labelMap().toString());
        options.put("labelled", Boolean.toString(labelled));
        return SegmentationDatasets.open("folder", split.root(), options);
    }

    @Override
    public Score evaluate(Path checkpoint, DemoData.Split split) {
        List<Path> files = DemoRun.images(split);
        ConfusionMatrix matrix = new ConfusionMatrix(DemoClass.values().length);
        try (SegmentationPredictor predictor = predictor(checkpoint)) {
            for (Path file : files) {
                count(matrix, truth(split, file), predictor.predict(Images.readRgb(file), false, false).trainIds());
            }
        }
        return score(matrix);
    }

    @Override
    public Score evaluateTestTime(Path checkpoint, DemoData.Split split, TestTimeAdapter.Config config) {
        List<Path> files = DemoRun.images(split);
        ConfusionMatrix matrix = new ConfusionMatrix(DemoClass.values().length);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                SegmentationTestTime stream = new SegmentationTestTime(checkpoint, Device.cpu(), plan.width(), plan.height(),
                        files, false, (index, prediction) -> count(matrix, truth(split, files.get(index)), prediction.trainIds()));
                TestTimeAdapter adapter = new TestTimeAdapter(stream.task(), config, manager)) {
            TestTimeRun.run(stream, adapter, 1, manager, null);
        }
        return score(matrix);
    }

    private static void count(ConfusionMatrix matrix, int[] truth, int[] predicted) {
        for (int i = 0; i < truth.length; i++) {
            matrix.add(truth[i], predicted[i], 1);
        }
    }

    private static Score score(ConfusionMatrix matrix) {
        double[] iou = matrix.iou();
        return new Score(DemoRun.nanMean(iou), iou);
    }

    /** Per sample: the image, its labels, and each method's prediction and entropy map. */
    @Override
    public List<DemoReport.SampleRow> samples(Map<Method, Path> checkpoints, Target target, Path folder, int rows) {
        List<Path> images = DemoRun.images(target.validation());
        List<DemoReport.SampleRow> result = new ArrayList<>();
        Map<Method, SegmentationPredictor> predictors = new LinkedHashMap<>();
        try {
            for (Map.Entry<Method, Path> checkpoint : checkpoints.entrySet()) {
                predictors.put(checkpoint.getKey(), predictor(checkpoint.getValue()));
            }
            for (int k = 0; k < Math.min(rows, images.size()); k++) {
                Path file = images.get(k);
                Image8 image = Images.readRgb(file);
                List<Map.Entry<String, String>> tiles = new ArrayList<>();
                tiles.add(Map.entry("target image", DemoRun.tile(folder, "seg" + k + "_image.png", image)));
                tiles.add(Map.entry("ground truth", DemoRun.tile(folder, "seg" + k + "_truth.png",
                        DemoImages.palette(truth(target.validation(), file), image.width(), image.height()))));
                for (Map.Entry<Method, SegmentationPredictor> predictor : predictors.entrySet()) {
                    SegmentationPredictor.Prediction prediction = predictor.getValue().predict(image, true, false);
                    String name = "seg" + k + "_" + predictor.getKey().cliName();
                    String label = DemoCharts.label(predictor.getKey());
                    tiles.add(Map.entry(label, DemoRun.tile(folder, name + ".png",
                            DemoImages.palette(prediction.trainIds(), image.width(), image.height()))));
                    tiles.add(Map.entry(label + " entropy", DemoRun.tile(folder, name + "_entropy.png",
                            DemoImages.heat(prediction.entropy(), image.width(), image.height()))));
                }
                result.add(new DemoReport.SampleRow(file.getFileName().toString(), tiles));
            }
        } finally {
            predictors.values().forEach(SegmentationPredictor::close);
        }
        return result;
    }

    private SegmentationPredictor predictor(Path checkpoint) {
        return new SegmentationPredictor(checkpoint, Device.cpu(), plan.width(), plan.height());
    }

    private static int[] truth(DemoData.Split split, Path image) {
        return Images.readGrey(split.root().resolve("labels").resolve(image.getFileName())).values();
    }
}
