package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.IndexedDataset;
import java.nio.file.Path;

/**
 * A segmentation dataset on disk: samples decoded and pre-processed on demand
 * ({@link #get}: resized, BGR, mean subtracted, labels as train ids), plus label-only access for
 * evaluation and statistics. Thread-safe. Opened by {@link SegmentationDatasets#open}, which checks
 * the layout (folders, pairing of images and labels) up front; problems with single files surface
 * when the sample is read, as a {@link io.github.advent.entropy.io.BadInputException} naming the file.
 */
public interface SegmentationDataset extends IndexedDataset<SegmentationSample> {
    /** The kind name: gta5, synthia, cityscapes, foggy-cityscapes, acdc, dark-zurich, folder. */
    String kind();

    /** The root folder as given. */
    Path root();

    DatasetOptions options();

    /** The size samples are resized to, or {@code null} when each keeps its own size (folder default). */
    ImageSize sampleSize();

    /** Whether samples carry labels (false: unlabelled target data). */
    boolean labelled();

    /** The id -> train id map of this dataset's label files (also set for unlabelled datasets). */
    LabelMap labelMap();

    /** K, the number of classes of the train ids. */
    default int numClasses() {
        return labelMap().numClasses();
    }

    Path imageFile(int index);

    /** The label file of sample {@code index}, or {@code null} when the dataset is unlabelled. */
    Path labelFile(int index);

    /** The index of the sample with that name, or -1. */
    int indexOf(String name);

    /**
     * Sample {@code index}'s labels as train ids at the label file's own resolution (no resizing;
     * evaluation compares at full resolution). Reads no image pixels.
     *
     * @throws IllegalStateException when the dataset is unlabelled
     */
    MappedLabels labels(int index);

    /** Sample {@code index}'s labels exactly as {@link #get} returns them (resized like the image). */
    MappedLabels trainingLabels(int index);

    /** Pixels with ids outside the label map, per sample and in total, over the samples read so far. */
    UnknownIdCensus unknownIds();

    /** One line: kind, root, sample count, size, label map. */
    String describe();
}
