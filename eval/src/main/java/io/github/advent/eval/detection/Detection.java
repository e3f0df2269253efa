package io.github.advent.eval.detection;

/**
 * A scored detection as a COCO results file writes it: {@code [x, y, w, h]} in pixels.
 *
 * @param order its position in the results file (ties in score keep this order, as pycocotools'
 *     stable sort does)
 */
public record Detection(long imageId, long categoryId, double x, double y, double w, double h, double score,
        int order) {}
