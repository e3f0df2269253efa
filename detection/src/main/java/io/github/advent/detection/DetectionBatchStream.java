package io.github.advent.detection;

import ai.djl.ndarray.NDManager;
import io.github.advent.detection.data.DetectionBatches;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.DetectionSample;
import io.github.advent.detection.data.SsdAugmentation;
import io.github.advent.detection.data.SsdInput;
import io.github.advent.detection.data.SsdPreprocessing;
import io.github.advent.entropy.data.DomainPrefetchers;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.BatchStream;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * Source and target batches for SSD training: images decoded ahead of need on background threads,
 * then (on the training thread) augmented and pre-processed. Augmentation draws from a generator
 * derived from the run's seed and the image's position in the stream alone, so a resumed run sees
 * exactly the crops and flips an uninterrupted one would have seen, whatever the thread timing.
 * Target images are only pre-processed: adaptation reads them as they are (as ADVENT does).
 */
public final class DetectionBatchStream implements BatchStream {
    private final DomainPrefetchers<DetectionSample> samples;
    private final SsdAugmentation augmentation;
    private final SsdPreprocessing preprocessing;
    private final int batchSize;
    private final long seed;
    private long sourcePosition;

    private DetectionBatchStream(DomainPrefetchers<DetectionSample> samples, SsdAugmentation augmentation,
            SsdPreprocessing preprocessing, int batchSize, long seed, long firstIteration) {
        this.samples = samples;
        this.augmentation = augmentation;
        this.preprocessing = preprocessing;
        this.batchSize = batchSize;
        this.seed = seed;
        this.sourcePosition = firstIteration * batchSize;
    }

    /**
     * @param target the unlabelled target dataset, or {@code null} for source-only training
     * @param augmentation SSD's augmentation of source images, or {@code null} for none
     * @param batchSize images per batch (each domain)
     * @param threads decoding threads per dataset
     */
    public static BatchStream.Factory of(DetectionDataset source, DetectionDataset target, SsdAugmentation augmentation,
            SsdPreprocessing preprocessing, int batchSize, long seed, int threads) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        int capacity = 2 * threads * batchSize + 1;
        return first -> new DetectionBatchStream(DomainPrefetchers.of(source, target, seed, first * batchSize, threads, capacity),
                augmentation, preprocessing, batchSize, seed, first);
    }

    @Override
    public Batch nextSource(NDManager manager) {
        List<SsdInput> inputs = new ArrayList<>(batchSize);
        for (int k = 0; k < batchSize; k++) {
            DetectionSample sample = samples.nextSource();
            if (augmentation != null) {
                sample = augmentation.apply(sample, SplitMix64.derived(seed ^ 0x5D5DL, sourcePosition));
            }
            sourcePosition++;
            inputs.add(preprocessing.apply(sample));
        }
        return DetectionBatches.labelled(manager, inputs);
    }

    @Override
    public Batch nextTarget(NDManager manager) {
        if (!samples.hasTarget()) {
            return null;
        }
        List<SsdInput> inputs = new ArrayList<>(batchSize);
        for (int k = 0; k < batchSize; k++) {
            inputs.add(preprocessing.apply(samples.nextTarget()));
        }
        return DetectionBatches.unlabelled(manager, inputs);
    }

    /** How long training waited for decoded images (source and target). */
    public String waitSummary() {
        return samples.waitSummary();
    }

    @Override
    public void close() {
        samples.close();
    }
}
