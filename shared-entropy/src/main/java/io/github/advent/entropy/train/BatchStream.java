package io.github.advent.entropy.train;

import ai.djl.ndarray.NDManager;

/**
 * The batches of a training run in iteration order, starting at the iteration the stream was
 * opened for. Implementations derive the order from the run's seed and the iteration alone (see
 * {@code io.github.advent.entropy.data.SampleOrder}), so that a resumed run sees exactly the data an
 * uninterrupted one would have seen.
 */
public interface BatchStream extends AutoCloseable {
    /** The labelled source batch of the next iteration, with its arrays in {@code manager}. */
    Batch nextSource(NDManager manager);

    /** The unlabelled target batch of the next iteration, or {@code null} when the method needs none. */
    Batch nextTarget(NDManager manager);

    @Override
    void close();

    /** Opens a stream positioned at a given iteration. */
    @FunctionalInterface
    interface Factory {
        BatchStream open(long firstIteration);
    }
}
