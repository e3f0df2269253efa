package io.github.advent.tools.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.DetectionBatchStream;
import io.github.advent.detection.DetectionTask;
import io.github.advent.detection.SsdPredictor;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.data.CocoJsonDetectionDataset;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.DetectionDatasets;
import io.github.advent.detection.data.DetectionSample;
import io.github.advent.detection.data.ObjectBox;
import io.github.advent.detection.data.SsdPreprocessing;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.eval.detection.ApMetric;
import io.github.advent.eval.detection.ClassAp;
import io.github.advent.eval.detection.CocoJson;
import io.github.advent.eval.detection.Detection;
import io.github.advent.eval.detection.DetectionEvaluator;
import io.github.advent.eval.detection.DetectionScores;
import io.github.advent.tools.DetectionTestTime;
import io.github.advent.tools.TestTimeRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection half of the demo: a narrow SSD-300 trained with the same task, trainer and training
 * loop as {@code advent train detection}, on the demo's person and car boxes (SSD's pre-processing,
 * no augmentation: the runs are short), then scored on the held-out target scenes with VOC07
 * 11-point AP at IoU 0.5, as the Foggy Cityscapes papers report.
 */
final class DemoDetection implements DemoTask {
    /** Person and car, in the detector's order (class 0 is the background). */
    static final String CLASSES = "person;car";
    /** Detections drawn in the sample pictures (all of them count for AP). */
    static final float DRAWN_SCORE = 0.3f;
    /** Views per forward pass when scoring: on 2 cores 4 images take about 40 % less time each than one. */
    static final int EVAL_BATCH = 4;

    private final DemoData.Domains data;
    private final DemoPlan plan;

    DemoDetection(DemoData.Domains data, DemoPlan plan) {
        this.data = data;
        this.plan = plan;
    }

    @Override
    public String name() {
        return "Detection";
    }

    @Override
    public String metric() {
        return "mAP@0.5";
    }

    @Override
    public List<String> classes() {
        return DemoClass.objects().stream().map(DemoClass::label).toList();
    }

    /** The foggy target (the source's look in fog), then the realistic one. */
    @Override
    public List<Target> targets() {
        return List.of(new Target("fog", data.fog(), data.fogValidation()),
                new Target("realistic", data.target(), data.validation()));
    }

    /** SSD-300 has no batch norm. */
    @Override
    public boolean hasBatchStatistics() {
        return false;
    }

    @Override
    public long pretrainIterations() {
        return plan.detection().pretrainIterations();
    }

    @Override
    public long adaptIterations() {
        return plan.detection().adaptIterations();
    }

    static CocoJsonDetectionDataset open(DemoData.Split split) {
        DetectionDataset dataset = DetectionDatasets.open("coco", split.root(),
                Map.of("annotations", split.viewFile().toString(), "classes", CLASSES));
        return (CocoJsonDetectionDataset) dataset;
    }

    /** The shipped start ({@link DemoDetectionStart}) unless the plan trains one. */
    @Override
    public Trained start(DemoData.Split source, long seed, Path runDirectory, TrainingRun.Listener listener) {
        if (pretrainIterations() > 0) {
            return DemoTask.super.start(source, seed, runDirectory, listener);
        }
        return new Trained(DemoDetectionStart.extract(runDirectory), 0);
    }

    @Override
    public Trained train(Method method, DemoData.Split labelled, Target adaptTo, Path init, long iterations, long seed,
            Path runDirectory, TrainingRun.Listener listener) {
        GradMode.disableOnThisThread();
        DetectionDataset source = open(labelled);
        DetectionDataset target = method == Method.SOURCE_ONLY ? null : open(adaptTo.train());
        DemoPlan.Detection settings = plan.detection();
        SsdConfig model = SsdConfig.parse(settings.architecture(), DemoClass.objects().size() + 1);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Ssd300 network = Ssd300.create(manager, model, SplitMix64.derived(seed, 1));
            if (init != null) {
                SsdWeights.restore(init, network, true);
            }
            DetectionTask task = new DetectionTask(network, settings.lambdas(), settings.discriminated(), settings.weighting());
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, DemoRun.config(method, seed, iterations,
                    init == null ? settings.learningRate() : settings.adaptLearningRate(), settings.discriminatorLearningRate()), manager)) {
                return DemoRun.run(trainer, DetectionBatchStream.of(source, target, null, SsdPreprocessing.ssd300(),
                        settings.batchSize(), seed, 1), iterations, runDirectory, listener);
            }
        }
    }

    @Override
    public Score evaluate(Path checkpoint, DemoData.Split split) {
        CocoJsonDetectionDataset dataset = open(split);
        return score(split, dataset, detect(checkpoint, dataset));
    }

    @Override
    public Score evaluateTestTime(Path checkpoint, DemoData.Split split, TestTimeAdapter.Config config) {
        CocoJsonDetectionDataset dataset = open(split);
        List<List<io.github.advent.detection.box.Detection>> perImage = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                DetectionTestTime stream = new DetectionTestTime(checkpoint, Device.cpu(), dataset,
                        (index, sample, detections) -> perImage.add(detections));
                TestTimeAdapter adapter = new TestTimeAdapter(stream.task(), config, manager)) {
            TestTimeRun.run(stream, adapter, 1, manager, null);
        }
        return score(split, dataset, perImage);
    }

    /** VOC07 AP of per-image detections against the split's views. */
    private static Score score(DemoData.Split split, CocoJsonDetectionDataset dataset,
            List<List<io.github.advent.detection.box.Detection>> perImage) {
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < perImage.size(); i++) {
            DetectionSample sample = dataset.get(i);
            int width = sample.originalWidth();
            int height = sample.originalHeight();
            for (io.github.advent.detection.box.Detection d : perImage.get(i)) {
                io.github.advent.detection.box.Detection c = d.clipped();
                detections.add(new Detection(dataset.imageId(i), c.classId(), c.x1() * width, c.y1() * height,
                        (c.x2() - c.x1()) * width, (c.y2() - c.y1()) * height, c.score(), detections.size()));
            }
        }
        Path truthFile = split.viewFile();
        DetectionScores scores = DetectionEvaluator.evaluate(CocoJson.readGroundTruth(truthFile), detections, ApMetric.VOC07,
                truthFile);
        double[] perClass = scores.classes().stream().mapToDouble(ClassAp::ap).toArray();
        return new Score(scores.mean(), perClass);
    }

    /**
     * The detections of every image of {@code dataset} (normalised corners, highest score first), {@value #EVAL_BATCH}
     * views per forward pass (the same detections as one at a time: nothing in SSD mixes the images of a batch).
     */
    private static List<List<io.github.advent.detection.box.Detection>> detect(Path checkpoint, DetectionDataset dataset) {
        SsdPreprocessing preprocessing = SsdPreprocessing.ssd300();
        List<List<io.github.advent.detection.box.Detection>> all = new ArrayList<>();
        try (SsdPredictor predictor = SsdPredictor.fromCheckpoint(checkpoint, Device.cpu(), NmsOptions.SSD);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int first = 0; first < dataset.size(); first += EVAL_BATCH) {
                int count = Math.min(EVAL_BATCH, dataset.size() - first);
                float[] pixels = null;
                for (int k = 0; k < count; k++) {
                    float[] image = preprocessing.apply(dataset.get(first + k)).image();
                    if (pixels == null) {
                        pixels = new float[count * image.length];
                    }
                    System.arraycopy(image, 0, pixels, k * image.length, image.length);
                }
                try (NDManager scope = manager.newSubManager()) {
                    all.addAll(predictor.predict(scope.create(pixels, SsdPredictor.inputShape(count))).detections());
                }
            }
        }
        return all;
    }

    /** Per sample: the image with its true boxes, then with each method's detections (score >= 0.3). */
    @Override
    public List<DemoReport.SampleRow> samples(Map<Method, Path> checkpoints, Target target, Path folder, int rows) {
        CocoJsonDetectionDataset dataset = open(target.validation());
        Map<Method, List<List<io.github.advent.detection.box.Detection>>> detections = new LinkedHashMap<>();
        for (Map.Entry<Method, Path> checkpoint : checkpoints.entrySet()) {
            detections.put(checkpoint.getKey(), detect(checkpoint.getValue(), dataset));
        }
        List<DemoReport.SampleRow> result = new ArrayList<>();
        for (int k = 0; k < Math.min(rows, dataset.size()); k++) {
            DetectionSample sample = dataset.get(k);
            Image8 image = sample.image();
            List<Map.Entry<String, String>> tiles = new ArrayList<>();
            List<float[]> truth = new ArrayList<>();
            for (ObjectBox box : sample.boxes()) {
                truth.add(new float[] {box.x1(), box.y1(), box.x2(), box.y2(), box.classIndex()});
            }
            tiles.add(Map.entry("ground truth", DemoRun.tile(folder, "det_" + target.name() + k + "_truth.png", DemoImages.boxes(image, truth))));
            for (Map.Entry<Method, List<List<io.github.advent.detection.box.Detection>>> method : detections.entrySet()) {
                List<float[]> drawn = new ArrayList<>();
                for (io.github.advent.detection.box.Detection d : method.getValue().get(k)) {
                    if (d.score() >= DRAWN_SCORE) {
                        io.github.advent.detection.box.Detection c = d.clipped();
                        drawn.add(new float[] {c.x1() * image.width(), c.y1() * image.height(), c.x2() * image.width(),
                            c.y2() * image.height(), c.classId()});
                    }
                }
                tiles.add(Map.entry(DemoCharts.label(method.getKey()), DemoRun.tile(folder,
                        "det_" + target.name() + k + "_" + method.getKey().cliName() + ".png", DemoImages.boxes(image, drawn))));
            }
            result.add(new DemoReport.SampleRow(sample.name(), tiles));
        }
        return result;
    }
}
