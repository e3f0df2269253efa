package io.github.advent.detection.data;

/**
 * One sample as SSD takes it, made by {@link SsdPreprocessing}: the network input and the boxes in
 * coordinates normalised to the image.
 *
 * @param name the sample's name
 * @param image {@code 3 x size x size} float32, channel-major (CHW), in the pre-processing's channel
 *     order (BGR by default) with the mean colour subtracted
 * @param size the side of the square input (300)
 * @param boxes {@code n x 4} corners {@code x1, y1, x2, y2} divided by the image's width and height
 *     (so in [0, 1]; exclusive-max corners as {@link ObjectBox})
 * @param classes {@code n} class indices 1..K
 * @param crowd {@code n} crowd flags (crowd boxes are no training target)
 * @param originalWidth the width of the image file, to report detections at
 * @param originalHeight the height of the image file
 */
public record SsdInput(String name, float[] image, int size, float[] boxes, int[] classes, boolean[] crowd, int originalWidth,
        int originalHeight) {
    public SsdInput {
        if (image.length != 3 * size * size) {
            throw new IllegalArgumentException(image.length + " image values for 3x" + size + "x" + size);
        }
        if (boxes.length != 4 * classes.length || crowd.length != classes.length) {
            throw new IllegalArgumentException(boxes.length + " box values, " + classes.length + " classes and " + crowd.length
                    + " crowd flags do not describe the same boxes");
        }
    }

    /** Number of boxes, crowd boxes included. */
    public int boxCount() {
        return classes.length;
    }

    /** Number of boxes that are training targets (not crowd). */
    public int targetCount() {
        int n = 0;
        for (boolean c : crowd) {
            n += c ? 0 : 1;
        }
        return n;
    }
}
