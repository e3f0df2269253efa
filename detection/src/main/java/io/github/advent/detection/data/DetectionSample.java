package io.github.advent.detection.data;

import io.github.advent.entropy.io.Image8;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One decoded detection sample, before SSD's augmentation and pre-processing.
 *
 * @param name the sample's stable name (a Cityscapes frame id, a COCO file's stem)
 * @param imageFile the image file it was read from
 * @param image the image as RGB (after augmentation: the augmented image)
 * @param boxes its objects in pixel corners of {@code image} ({@link ObjectBox}); empty for an
 *     unlabelled sample or an image without objects
 * @param originalWidth the width of the image file, which augmentation leaves unchanged (detections
 *     are reported at this size)
 * @param originalHeight the height of the image file
 */
public record DetectionSample(String name, Path imageFile, Image8 image, List<ObjectBox> boxes, int originalWidth,
        int originalHeight) {
    public DetectionSample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        boxes = List.copyOf(boxes);
    }

    /** The same sample with another image and boxes (what an augmentation step returns). */
    public DetectionSample with(Image8 newImage, List<ObjectBox> newBoxes) {
        return new DetectionSample(name, imageFile, newImage, newBoxes, originalWidth, originalHeight);
    }
}
