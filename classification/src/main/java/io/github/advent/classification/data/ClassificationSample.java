package io.github.advent.classification.data;

/**
 * One decoded image: {@code 3 x size x size} floats (RGB, standardised, channel-major) and its class index, or
 * {@link #UNLABELLED} when the dataset is read without labels.
 */
public record ClassificationSample(float[] pixels, int size, int label) {
    public static final int UNLABELLED = 255;
}
