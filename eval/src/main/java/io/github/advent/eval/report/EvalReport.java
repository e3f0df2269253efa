package io.github.advent.eval.report;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation result in the form every output shares (terminal table, JSON, CSV, Markdown,
 * HTML): per-class values with their counts, the reported means, facts about the data, optional
 * sweep curve, and provenance. Values are fractions in [0, 1]; NaN means "not defined" (a class
 * absent from ground truth and predictions) and is written as JSON null.
 *
 * @param title e.g. {@code Cityscapes val}
 * @param task {@code segmentation} or {@code detection}
 * @param metric short name: {@code iou}, {@code voc07}, {@code voc}, {@code coco50}
 * @param metricDescription the protocol in words
 * @param classSet which classes are scored, in words
 * @param valueName the per-class value: {@code IoU} or {@code AP}
 * @param classes one row per class
 * @param means the reported means, the headline first
 * @param facts ordered facts about the inputs (images, pixels, boxes, ...)
 * @param details extra JSON only (e.g. the confusion matrix); may be {@code null}
 * @param sweep the checkpoint sweep this result is the best of; may be {@code null}
 * @param terminalCounts which of the rows' count keys the terminal table shows
 */
public record EvalReport(String title, String task, String metric, String metricDescription, String classSet,
        String valueName, List<ClassRow> classes, List<MeanRow> means, Map<String, Object> facts, JsonObject details,
        Sweep sweep, ResultProvenance provenance, List<String> terminalCounts) {

    public EvalReport {
        classes = List.copyOf(classes);
        means = List.copyOf(means);
        facts = new LinkedHashMap<>(facts);
        terminalCounts = List.copyOf(terminalCounts);
    }

    /**
     * One class.
     *
     * @param counts ordered counts behind the value (pixels, boxes, detections, ...)
     * @param note why the value is what it is, when that needs saying (e.g. absent class), else ""
     */
    public record ClassRow(long id, String name, double value, Map<String, Number> counts, String note) {
        public ClassRow {
            counts = new LinkedHashMap<>(counts);
        }
    }

    /** One reported mean over {@code classes} classes ({@code defined} of them had a value). */
    public record MeanRow(String name, String description, int classes, int defined, double value) {}

    /**
     * A checkpoint sweep: every snapshot's means, and which one is the best (ADVENT's rule).
     *
     * @param meanNames the names of the means each point holds, in order
     * @param bestIndex index into {@code points} of the best snapshot, -1 when none has a defined mean
     * @param rule how the best was picked, in words
     */
    public record Sweep(List<String> meanNames, List<SweepRow> points, int bestIndex, String rule) {
        public Sweep {
            meanNames = List.copyOf(meanNames);
            points = List.copyOf(points);
        }
    }

    /** One snapshot of a sweep. */
    public record SweepRow(long iteration, String file, String sha256, double[] means, boolean cached) {
        public SweepRow {
            means = means.clone();
        }

        @Override
        public double[] means() {
            return means.clone();
        }
    }

    /** The same report with a sweep attached. */
    public EvalReport withSweep(Sweep sweep) {
        return new EvalReport(title, task, metric, metricDescription, classSet, valueName, classes, means, facts,
                details, sweep, provenance, terminalCounts);
    }
}
