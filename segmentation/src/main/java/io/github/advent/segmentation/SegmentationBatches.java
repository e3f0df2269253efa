package io.github.advent.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.data.DomainPrefetchers;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.BatchStream;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationSample;

/**
 * Source and target batches of one image each (ADVENT's batch size), read through {@link DomainPrefetchers}
 * (seeded shuffled orders, decoded ahead of need): a resumed run reads exactly the images an uninterrupted one would.
 */
public final class SegmentationBatches implements BatchStream {
    private final DomainPrefetchers<SegmentationSample> samples;

    private SegmentationBatches(DomainPrefetchers<SegmentationSample> samples) {
        this.samples = samples;
    }

    /**
     * @param target the unlabelled target dataset, or {@code null} for source-only training
     * @param threads decoding threads per dataset
     */
    public static BatchStream.Factory of(SegmentationDataset source, SegmentationDataset target, long seed, int threads) {
        return first -> new SegmentationBatches(DomainPrefetchers.of(source, target, seed, first, threads, 2 * threads + 1));
    }

    @Override
    public Batch nextSource(NDManager manager) {
        SegmentationSample sample = samples.nextSource();
        if (sample.labels() == null) {
            throw new IllegalStateException("source sample " + sample.name() + " has no labels");
        }
        return new Batch(new NDList(image(manager, sample)), new NDList(labels(manager, sample)));
    }

    @Override
    public Batch nextTarget(NDManager manager) {
        return samples.hasTarget() ? Batch.unlabelled(new NDList(image(manager, samples.nextTarget()))) : null;
    }

    /** The sample as a 1 x 3 x H x W array (BGR, mean subtracted). */
    public static NDArray image(NDManager manager, SegmentationSample sample) {
        return manager.create(sample.image(), new Shape(1, 3, sample.height(), sample.width()));
    }

    /** The sample's train ids as a 1 x H x W int64 array. */
    public static NDArray labels(NDManager manager, SegmentationSample sample) {
        int[] ids = sample.labels();
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return manager.create(wide, new Shape(1, sample.height(), sample.width()));
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
