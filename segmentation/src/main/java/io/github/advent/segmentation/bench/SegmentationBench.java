package io.github.advent.segmentation.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.ops.AlignCornersUpsampling;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.util.BenchResult;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.segmentation.SegmentationTask;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Measures what {@code advent bench train|infer} reports for DeepLab-V2: seconds per training
 * iteration (1 source + 1 target image, the method's full iteration) or per inference image
 * (ADVENT's evaluation: forward at the input size, main logits upsampled align-corners to twice
 * that, argmax), and the process's peak resident memory. Inputs are random: speed does not depend
 * on the data.
 */
public final class SegmentationBench {
    private SegmentationBench() {}

    public static BenchResult train(DeepLabConfig model, Method method, int width, int height, int warmup, int iterations,
            Device device, IntConsumer progress) {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            DeepLabV2 network = DeepLabV2.create(manager, model, new SplitMix64(1234));
            SegmentationTask task = new SegmentationTask(network, model.identity(), network.parameterGroups(),
                    SegmentationTask.Lambdas.ADVENT, Math.min(width, height));
            SplitMix64 random = new SplitMix64(7);
            List<Double> times = new ArrayList<>();
            List<Map<String, Double>> losses = new ArrayList<>();
            long recomputed;
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, AdaptationConfig.defaults(method), manager)) {
                for (int i = 0; i < warmup + iterations; i++) {
                    Batch source = new Batch(new NDList(image(manager, width, height, random)),
                            new NDList(labels(manager, model.numClasses(), width, height, random)));
                    Batch target = Batch.unlabelled(new NDList(image(manager, width, height, random)));
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
            return BenchResult.of("train", model.architecture(), method.cliName(), width, height,
                    method == Method.SOURCE_ONLY ? 1 : 2, times, device, BenchResult.training(recomputed, losses));
        }
    }

    public static BenchResult infer(DeepLabConfig model, int width, int height, int warmup, int iterations, Device device,
            IntConsumer progress) {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            DeepLabV2 network = DeepLabV2.create(manager, model, new SplitMix64(1234));
            ParameterStore parameters = new ParameterStore(manager, false);
            SplitMix64 random = new SplitMix64(7);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < warmup + iterations; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray input = image(scope, width, height, random);
                    long start = System.nanoTime();
                    predict(network.mainLogits(parameters, input, false), width, height);
                    if (i >= warmup) {
                        times.add((System.nanoTime() - start) / 1e9);
                    }
                }
                progress.accept(i + 1);
            }
            return BenchResult.of("infer", model.architecture(), "", width, height, 1, times, device, Map.of());
        }
    }

    /**
     * Tent ({@code advent adapt}: one Adam step on the image's prediction entropy, then its prediction with the
     * updated model) against plain prediction of the same image, alternating in one process; the result's times are
     * adapt's, {@code infer_median_seconds} and {@code adapt_over_infer} the comparison.
     */
    public static BenchResult adapt(DeepLabConfig model, int width, int height, int warmup, int iterations, Device device,
            IntConsumer progress) {
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            DeepLabV2 network = DeepLabV2.create(manager, model, new SplitMix64(1234));
            SegmentationTask task = new SegmentationTask(network, model.identity(), network.parameterGroups(),
                    SegmentationTask.Lambdas.ADVENT, Math.min(width, height));
            ParameterStore parameters = new ParameterStore(manager, false);
            SplitMix64 random = new SplitMix64(7);
            List<Double> adaptTimes = new ArrayList<>();
            List<Double> inferTimes = new ArrayList<>();
            try (TestTimeAdapter adapter = new TestTimeAdapter(task, TestTimeAdapter.Config.TENT, manager)) {
                for (int i = 0; i < warmup + iterations; i++) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray input = image(scope, width, height, random);
                        long start = System.nanoTime();
                        predict(network.mainLogits(parameters, input, false), width, height);
                        long inferred = System.nanoTime();
                        predict(adapter.adapt(new NDList(input)).outputs().get(DeepLabV2.MAIN), width, height);
                        if (i >= warmup) {
                            inferTimes.add((inferred - start) / 1e9);
                            adaptTimes.add((System.nanoTime() - inferred) / 1e9);
                        }
                    }
                    progress.accept(i + 1);
                }
            }
            return BenchResult.of("adapt", model.architecture(), "tent", width, height, 1, adaptTimes, device,
                    BenchResult.againstInference(adaptTimes, inferTimes));
        }
    }

    /** ADVENT's evaluation of the main logits: upsampled align-corners to twice the input, argmax, copied out (as predict does it). */
    private static void predict(NDArray main, int width, int height) {
        AlignCornersUpsampling.argMaxResized(main, 2 * height, 2 * width);
    }

    private static NDArray image(NDManager manager, int width, int height, SplitMix64 random) {
        float[] values = new float[3 * width * height];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 50);
        }
        return manager.create(values, new Shape(1, 3, height, width));
    }

    private static NDArray labels(NDManager manager, int classes, int width, int height, SplitMix64 random) {
        long[] values = new long[width * height];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(classes);
        }
        return manager.create(values, new Shape(1, height, width));
    }
}
