package io.github.advent.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.train.AdaptationTask;

/**
 * One task's side of test-time adaptation ({@link TestTimeRun}): its loaded model as an {@link AdaptationTask},
 * its stream of target images as network inputs, and what becomes of each image's adapted outputs (prediction
 * files for {@code advent adapt}, scores for the demo). The adaptation loop itself is the same for every task.
 */
public interface TestTimeTarget extends AutoCloseable {
    AdaptationTask task();

    /** Images in the stream, adapted in this order. */
    int size();

    /** Image {@code index}'s name, for messages. */
    String name(int index);

    /** Image {@code index} as the network takes it, 1 x 3 x H x W in {@code scope} (every image the same size). */
    NDArray input(int index, NDManager scope);

    /** The adapted model's outputs for image {@code index} (batch dimension 1), after its batch was adapted. */
    void accept(int index, NDList outputs);

    /** Writes the adapted model as an advent checkpoint that {@code evaluate} and {@code predict} read. */
    void saveCheckpoint(java.nio.file.Path file, String command);

    @Override
    void close();
}
