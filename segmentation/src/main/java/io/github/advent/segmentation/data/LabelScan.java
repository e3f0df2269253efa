package io.github.advent.segmentation.data;

import io.github.advent.entropy.ClassHistogram;
import io.github.advent.entropy.data.ClassHistograms;
import io.github.advent.entropy.data.IndexedDataset;

/**
 * A pass over a labelled dataset's labels (no image pixels decoded): the class histogram whose
 * L1-normalised form is p_s of the class-ratio prior, counted over the labels as training sees
 * them (resized to the sample size with nearest), and, as a side effect, the dataset's unknown-id
 * counts over every sample ({@link SegmentationDataset#unknownIds()}).
 *
 * @param histogram pixels per train id (255 not counted)
 * @param census the dataset's unknown-id counts, now covering every sample
 */
public record LabelScan(ClassHistogram histogram, UnknownIdCensus census) {
    /**
     * Reads every label file of {@code dataset} on {@code threads} threads.
     *
     * @throws io.github.advent.entropy.io.BadInputException the first unreadable label file's error
     */
    public static LabelScan of(SegmentationDataset dataset, int threads) {
        if (!dataset.labelled()) {
            throw new IllegalArgumentException(dataset.kind() + " at " + dataset.root() + " is unlabelled: no class distribution");
        }
        IndexedDataset<MappedLabels> labels = new IndexedDataset<>() {
            @Override
            public int size() {
                return dataset.size();
            }

            @Override
            public MappedLabels get(int index) {
                return dataset.trainingLabels(index);
            }

            @Override
            public String name(int index) {
                return dataset.name(index);
            }
        };
        ClassHistogram histogram = ClassHistograms.scan(labels, MappedLabels::trainIds, dataset.numClasses(), threads);
        return new LabelScan(histogram, dataset.unknownIds());
    }

    /** p_s: the L1-normalised class distribution. */
    public float[] distribution() {
        return histogram.distribution();
    }
}
