package io.github.advent.segmentation.data;

import java.util.SortedMap;

/**
 * Labels mapped to train ids ({@code trainIds[y * width + x]}, 0..K-1 or 255), with the count of
 * pixels whose id the label map did not know (mapped to 255) and which ids those were.
 *
 * @param unknownIds unknown id -> pixel count (empty when every id was known)
 */
public record MappedLabels(int width, int height, int[] trainIds, long unknownPixels, SortedMap<Integer, Long> unknownIds) {
    public MappedLabels {
        if (trainIds.length != (long) width * height) {
            throw new IllegalArgumentException(trainIds.length + " labels for " + width + "x" + height);
        }
    }

    /** The train id at ({@code x}, {@code y}). */
    public int get(int x, int y) {
        return trainIds[y * width + x];
    }

    @Override
    public String toString() {
        return "MappedLabels[" + width + "x" + height + ", " + unknownPixels + " unknown-id pixels]";
    }
}
