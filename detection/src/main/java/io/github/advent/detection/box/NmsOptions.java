package io.github.advent.detection.box;

/**
 * How SSD turns scored boxes into detections.
 *
 * @param iouThreshold a box is suppressed by a higher-scoring box of its class whose IoU with it is
 *     strictly greater than this (SSD: 0.45)
 * @param confidenceThreshold a box is a candidate for a class only if its score is strictly greater (0.01)
 * @param candidatesPerClass at most this many highest-scoring candidates per class enter NMS (the original
 *     SSD's {@code top_k} 400; ssd.pytorch uses 200)
 * @param maxDetections detections kept per image after NMS, over all classes, highest scores first (200)
 */
public record NmsOptions(float iouThreshold, float confidenceThreshold, int candidatesPerClass, int maxDetections) {
    /** SSD-300's inference settings: NMS 0.45, confidence 0.01, 400 candidates per class, 200 per image. */
    public static final NmsOptions SSD = new NmsOptions(0.45f, 0.01f, 400, 200);

    public NmsOptions {
        if (!(iouThreshold >= 0 && iouThreshold <= 1) || !(confidenceThreshold >= 0 && confidenceThreshold < 1)) {
            throw new IllegalArgumentException("thresholds must lie in [0, 1]: IoU " + iouThreshold + ", confidence "
                    + confidenceThreshold);
        }
        if (candidatesPerClass < 1 || maxDetections < 1) {
            throw new IllegalArgumentException("candidate and detection limits must be positive");
        }
    }
}
