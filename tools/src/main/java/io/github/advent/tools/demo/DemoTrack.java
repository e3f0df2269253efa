package io.github.advent.tools.demo;

import io.github.advent.entropy.train.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one task of the demo (segmentation or detection): every (method, seed) run with its
 * target score, per-class scores and training curve, and their summary over seeds; beside them the
 * paper-table references: the oracle (the same network trained on labelled target scenes, the upper
 * bound) and the source-only model's score on held-out source scenes (how much the shift costs).
 *
 * @param metric what {@link Run#score()} is, e.g. "mIoU" or "mAP@0.5 (VOC07 11-point)"
 * @param references per {@link ReferenceRow}, one score per seed on the held-out target scenes (absent or empty: not
 *     measured)
 * @param sourceDomain the final source-only model's score on held-out source scenes, per seed (empty: not measured)
 */
public record DemoTrack(String task, String metric, List<String> classes, List<Run> runs,
        Map<ReferenceRow, List<Reference>> references, List<Reference> sourceDomain) {

    /**
     * The rows the tables show below the training methods, in order: test-time adaptation of the final source-only
     * model on the held-out target images (Tent, and batch statistics alone: what Tent's steps add), then the upper
     * bound.
     */
    public enum ReferenceRow {
        TENT("tent", "Tent (test-time)"),
        TARGET_STATISTICS("bn-stats", "target batch statistics only (Tent without steps)"),
        ORACLE(DemoRun.ORACLE, "oracle (target labels)");

        /** The method name in report.json and the terminal table. */
        public final String key;
        /** The row's label in the HTML report. */
        public final String label;

        ReferenceRow(String key, String label) {
            this.key = key;
            this.label = label;
        }
    }

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
        Map<ReferenceRow, List<Reference>> copy = new EnumMap<>(ReferenceRow.class);
        references.forEach((row, of) -> copy.put(row, List.copyOf(of)));
        references = Collections.unmodifiableMap(copy);
        sourceDomain = List.copyOf(sourceDomain);
    }

    /** With the oracle as the only reference row. */
    public DemoTrack(String task, String metric, List<String> classes, List<Run> runs, List<Reference> oracle,
            List<Reference> sourceDomain) {
        this(task, metric, classes, runs, Map.of(ReferenceRow.ORACLE, oracle), sourceDomain);
    }

    /** The adaptation runs alone, without references. */
    public DemoTrack(String task, String metric, List<String> classes, List<Run> runs) {
        this(task, metric, classes, runs, Map.of(), List.of());
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
        return referenceSummary(ReferenceRow.ORACLE);
    }

    /** A reference row's scores per seed (empty: not measured). */
    public List<Reference> references(ReferenceRow row) {
        return references.getOrDefault(row, List.of());
    }

    /** A reference row's summary over seeds ({@code method} null), or null when it was not measured. */
    public Summary referenceSummary(ReferenceRow row) {
        List<Reference> of = references(row);
        return of.isEmpty() ? null : summarise(null, of);
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

    /**
     * A gain over source-only paired by seed: each seed's score minus source-only's of the same seed, their mean and
     * the half-width of its two-sided 95 % confidence interval (Student's t with seeds − 1 degrees of freedom; NaN for
     * a single seed). Seeds are in the order they ran.
     */
    public record PairedGain(double mean, double halfWidth, double[] perSeed) {
        public double low() {
            return mean - halfWidth;
        }

        public double high() {
            return mean + halfWidth;
        }
    }

    /** {@code method}'s paired gain over source-only. */
    public PairedGain pairedGain(Method method) {
        return paired(runs.stream().filter(r -> r.method() == method)
                .map(r -> new Reference(r.seed(), r.score(), r.perClass())).toList());
    }

    /** A reference row's paired gain over source-only, or null when the row was not measured. */
    public PairedGain pairedGain(ReferenceRow row) {
        List<Reference> of = references(row);
        return of.isEmpty() ? null : paired(of);
    }

    private PairedGain paired(List<Reference> scores) {
        java.util.Map<Long, Double> sourceOnly = new java.util.HashMap<>();
        for (Run run : runs) {
            if (run.method() == Method.SOURCE_ONLY) {
                sourceOnly.put(run.seed(), run.score());
            }
        }
        double[] gains = new double[scores.size()];
        for (int i = 0; i < gains.length; i++) {
            Double base = sourceOnly.get(scores.get(i).seed());
            if (base == null) {
                throw new IllegalStateException("no source-only run of seed " + scores.get(i).seed() + " in " + task);
            }
            gains[i] = scores.get(i).score() - base;
        }
        double mean = mean(gains);
        double halfWidth = Double.NaN;
        if (gains.length > 1) {
            double t = new org.apache.commons.math3.distribution.TDistribution(gains.length - 1)
                    .inverseCumulativeProbability(0.975);
            halfWidth = t * std(gains, mean) / Math.sqrt(gains.length);
        }
        return new PairedGain(mean, halfWidth, gains);
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
