package io.github.advent.eval.detection;

import java.util.List;

/**
 * The AP of every class and their mean (over the classes with a defined AP).
 *
 * @param images images in the ground truth (with or without boxes)
 * @param boxes ground-truth boxes
 * @param detections detections in the results
 */
public record DetectionScores(ApMetric metric, List<ClassAp> classes, double mean, int images, int boxes,
        int detections) {
    public DetectionScores {
        classes = List.copyOf(classes);
    }
}
