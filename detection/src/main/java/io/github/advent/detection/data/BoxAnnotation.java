package io.github.advent.detection.data;

import java.util.List;

/**
 * The boxes of one image as an annotation file gives them, with the image size the file describes
 * (checked against the image, since a box is only meaningful on the image it was drawn on).
 */
public record BoxAnnotation(int width, int height, List<ObjectBox> boxes) {
    public BoxAnnotation {
        boxes = List.copyOf(boxes);
    }

    /** Without boxes narrower or lower than {@code minSize} pixels (0 keeps every box). */
    public BoxAnnotation withoutSmallerThan(float minSize) {
        if (minSize <= 0) {
            return this;
        }
        return new BoxAnnotation(width, height, boxes.stream().filter(b -> b.isAtLeast(minSize)).toList());
    }
}
