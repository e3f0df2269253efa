package io.github.advent.eval.detection;

/**
 * One class's AP and the counts behind it.
 *
 * @param ap the average precision in [0, 1]; NaN when the class has no ground truth to find
 *     (left out of the mean)
 * @param groundTruth boxes in the recall denominator (not difficult / not crowd)
 * @param ignoredGroundTruth difficult (VOC) or crowd (COCO) boxes
 * @param detections detections scored (for COCO, after keeping the best 100 per image)
 * @param truePositives detections matched to a counted box
 * @param falsePositives detections matched to nothing, or to a box already matched
 * @param recall the recall reached with every detection
 */
public record ClassAp(Category category, double ap, int groundTruth, int ignoredGroundTruth, int detections,
        int truePositives, int falsePositives, double recall) {}
