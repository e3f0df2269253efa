package io.github.advent.detection.box;

/**
 * One detected object: corners normalised to the network input's side (multiply by the image's width and
 * height for pixels), class 1..K−1, softmax score. Corners are as decoded, not clipped: they may lie a little
 * outside [0, 1] (see {@link #clipped()}).
 */
public record Detection(float x1, float y1, float x2, float y2, int classId, float score) {
    /** The same detection with its corners clipped to [0, 1]. */
    public Detection clipped() {
        return new Detection(clip(x1), clip(y1), clip(x2), clip(y2), classId, score);
    }

    private static float clip(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
