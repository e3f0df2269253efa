package io.github.advent.eval.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.advent.eval.detection.ClassAp;
import io.github.advent.eval.detection.DetectionScores;
import io.github.advent.eval.report.EvalReport.ClassRow;
import io.github.advent.eval.report.EvalReport.MeanRow;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.ClassSet.MeanDefinition;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.eval.segmentation.SegmentationScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns metric results into {@link EvalReport}s. */
public final class EvalReports {
    /** The segmentation protocol in words. */
    public static final String SEGMENTATION_PROTOCOL = "IoU = TP / (TP + FP + FN) per class, pixels summed over all"
            + " images, predictions compared with the labels at the labels' full resolution; a class absent from"
            + " labels and predictions has no IoU and is left out of the means";

    private EvalReports() {}

    /**
     * A segmentation report. {@code facts} (images, predictions, ...) are shown in the given order
     * after the image and pixel counts.
     */
    public static EvalReport segmentation(SegmentationScores scores, String title, Map<String, Object> facts,
            ResultProvenance provenance) {
        ClassSet set = scores.classSet();
        ConfusionMatrix m = scores.matrix();
        double[] iou = scores.iou();
        List<ClassRow> rows = new ArrayList<>();
        for (int c = 0; c < set.size(); c++) {
            Map<String, Number> counts = new LinkedHashMap<>();
            counts.put("label_pixels", m.rowSum(c));
            counts.put("predicted_pixels", m.columnSum(c));
            counts.put("true_positives", m.truePositives(c));
            counts.put("false_positives", m.falsePositives(c));
            counts.put("false_negatives", m.falseNegatives(c));
            List<String> outOf = new ArrayList<>();
            for (MeanDefinition d : set.means()) {
                if (!d.includes(c)) {
                    outOf.add(d.name());
                }
            }
            String note = Double.isNaN(iou[c]) ? "absent from labels and predictions: no IoU, not in the means"
                    : m.rowSum(c) == 0 ? "predicted but absent from the labels" : "";
            if (!outOf.isEmpty()) {
                note = (note.isEmpty() ? "" : note + "; ") + "not in " + String.join(", ", outOf);
            }
            rows.add(new ClassRow(c, set.className(c), iou[c], counts, note));
        }
        List<MeanRow> means = new ArrayList<>();
        for (int k = 0; k < set.means().size(); k++) {
            MeanDefinition d = set.means().get(k);
            int defined = 0;
            for (int c : d.classes()) {
                if (!Double.isNaN(iou[c])) {
                    defined++;
                }
            }
            means.add(new MeanRow(d.name(), d.description(), d.classes().length, defined, scores.means().get(k).value()));
        }
        Map<String, Object> allFacts = new LinkedHashMap<>();
        allFacts.put("images", scores.images());
        allFacts.put("counted_pixels", m.total());
        allFacts.putAll(facts);
        JsonObject details = new JsonObject();
        JsonArray matrix = new JsonArray();
        for (long[] row : m.toArray()) {
            JsonArray r = new JsonArray();
            for (long v : row) {
                r.add(v);
            }
            matrix.add(r);
        }
        details.add("confusion_matrix", matrix);
        details.addProperty("confusion_matrix_layout", "rows: label (ground truth) train id, columns: predicted train id");
        return new EvalReport(title, "segmentation", "iou", SEGMENTATION_PROTOCOL, set.describe(), "IoU", rows, means,
                allFacts, details, null, provenance, List.of());
    }

    /** A detection report. */
    public static EvalReport detection(DetectionScores scores, String title, Map<String, Object> facts,
            ResultProvenance provenance) {
        List<ClassRow> rows = new ArrayList<>();
        int defined = 0;
        boolean coco = scores.metric() == io.github.advent.eval.detection.ApMetric.COCO50;
        for (ClassAp c : scores.classes()) {
            Map<String, Number> counts = new LinkedHashMap<>();
            counts.put("boxes", c.groundTruth());
            counts.put(coco ? "crowd_boxes" : "difficult_boxes", c.ignoredGroundTruth());
            counts.put("detections", c.detections());
            counts.put("true_positives", c.truePositives());
            counts.put("false_positives", c.falsePositives());
            counts.put("recall", c.recall());
            String note = "";
            if (Double.isNaN(c.ap())) {
                note = c.detections() > 0 ? "detections but no ground-truth box: no AP, left out of the mean"
                        : "no ground-truth box and no detection: no AP, left out of the mean";
            } else {
                defined++;
                if (c.detections() == 0) {
                    note = "no detections: AP 0";
                }
            }
            rows.add(new ClassRow(c.category().id(), c.category().name(), c.ap(), counts, note));
        }
        MeanRow mean = new MeanRow("mAP", "mean AP over the classes with ground-truth boxes ("
                + scores.metric().cliName() + ")", scores.classes().size(), defined, scores.mean());
        Map<String, Object> allFacts = new LinkedHashMap<>();
        allFacts.put("images", scores.images());
        allFacts.put("boxes", scores.boxes());
        allFacts.put("detections", scores.detections());
        allFacts.putAll(facts);
        return new EvalReport(title, "detection", scores.metric().cliName(), scores.metric().description(),
                scores.classes().size() + " classes of the ground truth", "AP", rows, List.of(mean), allFacts, null,
                null, provenance, List.of("boxes", "detections", "true_positives", "false_positives"));
    }
}
