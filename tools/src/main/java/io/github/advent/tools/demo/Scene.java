package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;
import java.util.List;

/**
 * One generated street scene in one domain.
 *
 * @param image the RGB image
 * @param labels the {@link DemoClass} ordinal of each pixel, row-major
 * @param distance each pixel's distance to the camera in metres (sky: 1,000)
 * @param boxes the visible extent of every person and car
 */
public record Scene(Image8 image, int[] labels, float[] distance, List<Box> boxes) {

    /**
     * An object's box in pixels, corners with exclusive maxima ({@code x2 - x1} is the width);
     * {@code difficult} marks objects too small to expect a detector to find (VOC's flag: ignored by
     * training and by AP).
     */
    public record Box(DemoClass kind, int x1, int y1, int x2, int y2, boolean difficult) {
        public int width() {
            return x2 - x1;
        }

        public int height() {
            return y2 - y1;
        }
    }
}
