package io.github.advent.eval.detection;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Scores detections against ground truth with one of the {@link ApMetric}s. */
public final class DetectionEvaluator {
    private DetectionEvaluator() {}

    /**
     * The AP of every class of {@code truth} and their mean over the classes with a defined AP.
     * {@code truthFile} (may be {@code null}) is named in error messages.
     */
    public static DetectionScores evaluate(DetectionGroundTruth truth, List<Detection> detections, ApMetric metric,
            Path truthFile) {
        List<ClassAp> classes;
        double mean;
        switch (metric) {
            case VOC07, VOC -> {
                classes = VocAp.evaluate(truth, detections, metric == ApMetric.VOC07);
                mean = meanOfDefined(classes);
            }
            case COCO50 -> {
                for (GroundTruthBox b : truth.boxes()) {
                    if (b.id() == 0) {
                        throw new BadInputException(truthFile, "annotation id 0 (image " + b.imageId() + "):"
                                + " pycocotools records matches by annotation id and scores a match to id 0 as a false"
                                + " positive; number the annotations from 1 for coco50");
                    }
                }
                List<double[]> precisions = new ArrayList<>();
                classes = CocoAp50.evaluate(truth, detections, precisions);
                mean = CocoAp50.mean(precisions);
            }
            default -> throw new IllegalStateException("unknown metric " + metric);
        }
        return new DetectionScores(metric, classes, mean, truth.imageIds().size(), truth.boxes().size(),
                detections.size());
    }

    /** The mean of the classes' AP, skipping NaN (classes without ground truth); NaN when none is defined. */
    static double meanOfDefined(List<ClassAp> classes) {
        double sum = 0;
        int n = 0;
        for (ClassAp c : classes) {
            if (!Double.isNaN(c.ap())) {
                sum += c.ap();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
