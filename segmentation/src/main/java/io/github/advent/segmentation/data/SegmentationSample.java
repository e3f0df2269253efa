package io.github.advent.segmentation.data;

/**
 * One decoded, pre-processed sample (ADVENT's pre-processing, {@link Preprocessing}).
 *
 * @param name the sample's name in its dataset (for output files)
 * @param image {@code 3 x height x width} floats, channel-major (CHW), channels in <b>BGR</b> order,
 *     the ADVENT mean subtracted, not divided by 255
 * @param labels {@code height x width} train ids (0..K-1, 255 ignore), row-major; {@code null} for
 *     an unlabelled (target) sample
 */
public record SegmentationSample(String name, float[] image, int height, int width, int[] labels) {
    public SegmentationSample {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad sample size " + width + "x" + height);
        }
        if (image.length != 3L * height * width) {
            throw new IllegalArgumentException("image holds " + image.length + " floats, 3x" + height + "x" + width + " needs "
                    + 3L * height * width);
        }
        if (labels != null && labels.length != (long) height * width) {
            throw new IllegalArgumentException("labels hold " + labels.length + " values, " + height + "x" + width + " needs "
                    + (long) height * width);
        }
    }

    public boolean labelled() {
        return labels != null;
    }

    /** The pre-processed value of channel {@code c} (0 = B, 1 = G, 2 = R) at ({@code x}, {@code y}). */
    public float pixel(int c, int y, int x) {
        return image[(c * height + y) * width + x];
    }

    /** The train id at ({@code x}, {@code y}). */
    public int label(int y, int x) {
        if (labels == null) {
            throw new IllegalStateException("sample " + name + " has no labels");
        }
        return labels[y * width + x];
    }

    @Override
    public String toString() {
        return "SegmentationSample[" + name + ", " + width + "x" + height + (labels == null ? ", unlabelled" : "") + "]";
    }
}
