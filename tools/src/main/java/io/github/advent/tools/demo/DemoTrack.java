package io.github.advent.tools.demo;

import io.github.advent.entropy.train.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The results of one task of the demo (segmentation or detection): every (method, seed) run with its
 * target score, per-class scores and training curve, and their summary over seeds; beside them the
 * paper-table references: the oracle (the same network trained on labelled target scenes, the upper
 * bound) and the source-only model's score on held-out source scenes (how much the shift costs).
 *
 * @param metric what {@link Run#score()} is, e.g. "mIoU" or "mAP@0.5 (VOC07 11-point)"
 * @param oracle one score per seed on the held-out target scenes (empty: not measured)
 * @param sourceDomain the final source-only model's score on held-out source scenes, per seed (empty: not measured)
 */
public record DemoTrack(String task, String metric, List<String> classes, List<Run> runs, List<Reference> oracle,
        List<Reference> sourceDomain) {

    /** One trained model's result on the held-out target scenes (scores are fractions in [0, 1]). */
    public record Run(Method method, long seed, double score, double[] perClass, List<CurvePoint> curve) {}

    /** A reference model's score for one seed (fractions in [0, 1]). */
    public record Reference(long seed, double score, double[] perClass) {}

    /** Training losses at one iteration (moving averages, for the curves). */
    public record CurvePoint(long iteration, double supervised, double adaptation) {}

    /** Mean and sample standard deviation of a method's score over the seeds (std 0 for one seed). */
    public record Summary(Method method, int seeds, double mean, double std, double[] perClassMean) {}

    public DemoTrack {
        runs = Collections.unmodifiableList(new ArrayList<>(runs));
        oracle = List.copyOf(oracle);
        sourceDomain = List.copyOf(sourceDomain);
    }

    /** The adaptation runs alone, without references. */
    public DemoTrack(String task, String metric, List<String> classes, List<Run> runs) {
        this(task, metric, classes, runs, List.of(), List.of());
    }

    public List<Method> methods() {
        return runs.stream().map(Run::method).distinct().toList();
    }

    public Summary summary(Method method) {
        List<Run> of = runs.stream().filter(r -> r.method() == method).toList();
        if (of.isEmpty()) {
            throw new IllegalArgumentException("no " + method + " run in " + task);
        }
        return summarise(method, of.stream().map(r -> new Reference(r.seed(), r.score(), r.perClass())).toList());
    }

    /** The oracle's summary over seeds ({@code method} null), or null when no oracle was trained. */
    public Summary oracleSummary() {
        return oracle.isEmpty() ? null : summarise(null, oracle);
    }

    /** The source-only model's source-domain summary over seeds, or null when not measured. */
    public Summary sourceDomainSummary() {
        return sourceDomain.isEmpty() ? null : summarise(Method.SOURCE_ONLY, sourceDomain);
    }

    private Summary summarise(Method method, List<Reference> of) {
        double[] scores = of.stream().mapToDouble(Reference::score).toArray();
        double mean = mean(scores);
        double[] perClass = new double[classes.size()];
        for (int c = 0; c < perClass.length; c++) {
            final int k = c;
            perClass[c] = mean(of.stream().mapToDouble(r -> r.perClass()[k]).toArray());
        }
        return new Summary(method, scores.length, mean, std(scores, mean), perClass);
    }

    /** The method's mean score minus source-only's. */
    public double gain(Method method) {
        return summary(method).mean() - summary(Method.SOURCE_ONLY).mean();
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double std(double[] values, double mean) {
        if (values.length < 2) {
            return 0;
        }
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
