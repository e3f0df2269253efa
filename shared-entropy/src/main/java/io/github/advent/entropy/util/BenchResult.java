package io.github.advent.entropy.util;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code advent bench train|infer} run measured, whatever the network: the timed iterations after
 * warm-up, their median, and the process's peak resident memory (native libtorch memory included).
 *
 * @param method the training method, "" for inference
 * @param imagesPerIteration images one timed iteration puts through the network (a training iteration:
 *     source and target batches; inference: the batch)
 * @param extra task-specific measurements, in order (SSD inference: the share of time in decoding and NMS;
 *     training: {@link #RECOMPUTED})
 */
public record BenchResult(String mode, String architecture, String method, int width, int height, int iterations,
        int imagesPerIteration, double medianSeconds, List<Double> seconds, long peakRssBytes, int threads,
        String device, Map<String, Object> extra) {
    /** Training: passes that came out non-finite and were recomputed (libtorch kernel faults; see AdaptationTrainer). */
    public static final String RECOMPUTED = "recomputed_passes";
    /** Training: every timed iteration's losses by name, in order (what {@code bench gpu-check} compares). */
    public static final String LOSSES = "losses";

    public BenchResult {
        seconds = List.copyOf(seconds);
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A result from the timed {@code seconds}, with the median, this process's peak RSS and libtorch's thread count. */
    public static BenchResult of(String mode, String architecture, String method, int width, int height,
            int imagesPerIteration, List<Double> seconds, Device device, Map<String, Object> extra) {
        return new BenchResult(mode, architecture, method, width, height, seconds.size(), imagesPerIteration,
                median(seconds), seconds, ProcessMemory.peakRssBytes(), ai.djl.pytorch.jni.JniUtils.getNumThreads(),
                device.toString(), extra);
    }

    /** Training's extra measurements: {@link #RECOMPUTED}, then {@link #LOSSES}. */
    public static Map<String, Object> training(long recomputed, List<Map<String, Double>> losses) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(RECOMPUTED, recomputed);
        extra.put(LOSSES, List.copyOf(losses));
        return extra;
    }

    /** Test-time adaptation: {@code bench adapt}'s comparison with plain inference of the same images, measured alternately. */
    public static Map<String, Object> againstInference(List<Double> adaptSeconds, List<Double> inferSeconds) {
        Map<String, Object> extra = new LinkedHashMap<>();
        double infer = median(inferSeconds);
        extra.put("infer_median_seconds", infer);
        extra.put("adapt_over_infer", median(adaptSeconds) / infer);
        return extra;
    }

    /** Images through the network per second at the median iteration time. */
    public double imagesPerSecond() {
        return imagesPerIteration / medianSeconds;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
