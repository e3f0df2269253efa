package io.github.advent.detection.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.DetectionLabels;
import io.github.advent.detection.DetectionTask;
import io.github.advent.detection.DetectionTraining;
import io.github.advent.detection.SsdPredictor;
import io.github.advent.detection.box.GroundTruth;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.util.BenchResult;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Measures what {@code advent bench train|infer --arch ssd300-vgg16} reports: seconds per training iteration
 * (one 300x300 source image with a few boxes and one target image, the method's full iteration, with the
 * training defaults of {@link DetectionTraining}) or per inference image ({@link SsdPredictor}: forward, then
 * softmax, box decoding and per-class NMS with SSD's settings), and the peak resident memory.
 *
 * <p>Inputs are random. For inference that is the worst case of the post-processing: an untrained network
 * scores every class of every default box near 1/K, above SSD's 0.01 confidence threshold, so every class
 * sends its 400 best boxes into NMS; a trained network sends far fewer. The reported decode share
 * ({@code decode_share}: decode + NMS time over the whole {@code predict} call, summed over the timed images)
 * is therefore an upper bound.
 */
public final class DetectionBench {
    private DetectionBench() {}

    public static BenchResult train(SsdConfig model, Method method, int warmup, int iterations, Device device,
            IntConsumer progress) {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Ssd300 network = Ssd300.create(manager, model, new SplitMix64(1234));
            DetectionTask task = new DetectionTask(network);
            AdaptationConfig config = AdaptationConfig.defaults(method)
                    .withLearningRates(DetectionTraining.LEARNING_RATE, AdaptationConfig.defaults(method).discriminatorLearningRate())
                    .withSchedule(DetectionTraining.ITERATIONS, 0.9);
            SplitMix64 random = new SplitMix64(7);
            List<Double> times = new ArrayList<>();
            List<Map<String, Double>> losses = new ArrayList<>();
            long recomputed;
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
                for (int i = 0; i < warmup + iterations; i++) {
                    // the trainer takes ownership of the batches and frees them with its iteration
                    Batch source = new Batch(new NDList(image(manager, random)),
                            DetectionLabels.of(manager, List.of(objects(random, model.numClasses()))));
                    Batch target = Batch.unlabelled(new NDList(image(manager, random)));
                    long start = System.nanoTime();
                    Map<String, Double> values = trainer.step(source, target).values();
                    if (i >= warmup) {
                        times.add((System.nanoTime() - start) / 1e9);
                        losses.add(values);
                    }
                    progress.accept(i + 1);
                }
                recomputed = trainer.recomputations();
            }
            return BenchResult.of("train", model.architecture(), method.cliName(), 300, 300,
                    method == Method.SOURCE_ONLY ? 1 : 2, times, device, BenchResult.training(recomputed, losses));
        }
    }

    public static BenchResult infer(SsdConfig model, int warmup, int iterations, Device device, IntConsumer progress) {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(device);
                SsdPredictor predictor = new SsdPredictor(Ssd300.create(manager, model, new SplitMix64(1234)),
                        NmsOptions.SSD)) {
            SplitMix64 random = new SplitMix64(7);
            List<Double> times = new ArrayList<>();
            long network = 0;
            long decode = 0;
            long detections = 0;
            for (int i = 0; i < warmup + iterations; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray input = image(scope, random);
                    long start = System.nanoTime();
                    SsdPredictor.Result result = predictor.predict(input);
                    if (i >= warmup) {
                        times.add((System.nanoTime() - start) / 1e9);
                        network += result.timing().networkNanos();
                        decode += result.timing().decodeNanos();
                        detections += result.detections().get(0).size();
                    }
                }
                progress.accept(i + 1);
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("decode_share", network + decode == 0 ? 0.0 : (double) decode / (network + decode));
            extra.put("network_seconds", network / 1e9 / Math.max(1, times.size()));
            extra.put("decode_seconds", decode / 1e9 / Math.max(1, times.size()));
            extra.put("detections_per_image", (double) detections / Math.max(1, times.size()));
            return BenchResult.of("infer", model.architecture(), "", 300, 300, 1, times, device, extra);
        }
    }

    /**
     * Tent ({@code advent adapt}: one Adam step on the entropy of every default box, then the image's detections with
     * the updated model) against plain prediction of the same image, alternating in one process; the result's times are
     * adapt's, {@code infer_median_seconds} and {@code adapt_over_infer} the comparison.
     */
    public static BenchResult adapt(SsdConfig model, int warmup, int iterations, Device device, IntConsumer progress) {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(device);
                SsdPredictor predictor = new SsdPredictor(Ssd300.create(manager, model, new SplitMix64(1234)),
                        NmsOptions.SSD);
                TestTimeAdapter adapter = new TestTimeAdapter(new DetectionTask(predictor.network()),
                        TestTimeAdapter.Config.TENT, manager)) {
            SplitMix64 random = new SplitMix64(7);
            List<Double> adaptTimes = new ArrayList<>();
            List<Double> inferTimes = new ArrayList<>();
            for (int i = 0; i < warmup + iterations; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray input = image(scope, random);
                    long start = System.nanoTime();
                    predictor.predict(input);
                    long inferred = System.nanoTime();
                    predictor.decode(adapter.adapt(new NDList(input)).outputs());
                    if (i >= warmup) {
                        inferTimes.add((inferred - start) / 1e9);
                        adaptTimes.add((System.nanoTime() - inferred) / 1e9);
                    }
                }
                progress.accept(i + 1);
            }
            return BenchResult.of("adapt", model.architecture(), "tent", 300, 300, 1, adaptTimes, device,
                    BenchResult.againstInference(adaptTimes, inferTimes));
        }
    }

    /** A 1 x 3 x 300 x 300 image of SSD's pre-processed range (mean-subtracted pixels). */
    private static NDArray image(NDManager manager, SplitMix64 random) {
        float[] values = new float[3 * 300 * 300];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 50);
        }
        return manager.create(values, SsdPredictor.inputShape(1));
    }

    /** Four boxes of random classes, as a Cityscapes frame has a handful. */
    private static GroundTruth objects(SplitMix64 random, int classes) {
        int n = 4;
        float[] boxes = new float[4 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float x = (float) random.nextDouble() * 0.7f;
            float y = (float) random.nextDouble() * 0.7f;
            float w = 0.05f + (float) random.nextDouble() * 0.25f;
            float h = 0.05f + (float) random.nextDouble() * 0.25f;
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + w;
            boxes[4 * i + 3] = y + h;
            labels[i] = 1 + random.nextInt(classes - 1);
        }
        return new GroundTruth(boxes, labels);
    }
}
