package io.github.advent.detection.data;

import io.github.advent.entropy.data.IndexedDataset;
import java.nio.file.Path;

/**
 * A detection dataset on disk: samples by index, each decoded on demand into a
 * {@link DetectionSample} (RGB image at its own size, boxes in its pixel corners). Thread-safe.
 * Open one with {@link DetectionDatasets#open}.
 */
public interface DetectionDataset extends IndexedDataset<DetectionSample> {
    /** The kind name it was opened as ("foggy-cityscapes"). */
    String kind();

    Path root();

    DetectionOptions options();

    /** The classes its boxes are numbered in (1..n). */
    DetectionClasses classes();

    /** False when opened without annotations: samples then have no boxes. */
    boolean labelled();

    Path imageFile(int index);

    /**
     * The boxes of sample {@code index} without decoding its image (evaluation's ground truth),
     * with the size of the image they belong to.
     *
     * @throws IllegalStateException when the dataset was opened unlabelled
     */
    BoxAnnotation boxes(int index);

    /** The index of the sample with that name, or -1. */
    int indexOf(String name);

    /** One line for logs: kind, root, sample count, options that matter. */
    String describe();
}
