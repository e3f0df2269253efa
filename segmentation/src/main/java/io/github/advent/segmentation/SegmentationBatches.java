package io.github.advent.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.data.Prefetcher;
import io.github.advent.entropy.data.SampleOrder;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.BatchStream;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationSample;

/**
 * Source and target batches of one image each (ADVENT's batch size), decoded ahead of need on
 * background threads. Each dataset is read in its own seeded shuffled order (target seed + 1), a
 * pure function of the iteration: a resumed run reads exactly the images an uninterrupted one would.
 */
public final class SegmentationBatches implements BatchStream {
    private final Prefetcher<SegmentationSample> source;
    private final Prefetcher<SegmentationSample> target;

    private SegmentationBatches(Prefetcher<SegmentationSample> source, Prefetcher<SegmentationSample> target) {
        this.source = source;
        this.target = target;
    }

    /**
     * @param target the unlabelled target dataset, or {@code null} for source-only training
     * @param threads decoding threads per dataset
     */
    public static BatchStream.Factory of(SegmentationDataset source, SegmentationDataset target, long seed, int threads) {
        SampleOrder sourceOrder = SampleOrder.shuffled(source.size(), seed);
        SampleOrder targetOrder = target == null ? null : SampleOrder.shuffled(target.size(), seed + 1);
        int capacity = 2 * threads + 1;
        return first -> new SegmentationBatches(new Prefetcher<>(source, sourceOrder, first, threads, capacity),
                target == null ? null : new Prefetcher<>(target, targetOrder, first, threads, capacity));
    }

    @Override
    public Batch nextSource(NDManager manager) {
        SegmentationSample sample = source.next();
        if (sample.labels() == null) {
            throw new IllegalStateException("source sample " + sample.name() + " has no labels");
        }
        return new Batch(new NDList(image(manager, sample)), new NDList(labels(manager, sample)));
    }

    @Override
    public Batch nextTarget(NDManager manager) {
        return target == null ? null : Batch.unlabelled(new NDList(image(manager, target.next())));
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
        return "source " + source.stats() + (target == null ? "" : "; target " + target.stats());
    }

    @Override
    public void close() {
        source.close();
        if (target != null) {
            target.close();
        }
    }
}
