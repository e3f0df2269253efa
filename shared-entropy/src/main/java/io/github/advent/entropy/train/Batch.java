package io.github.advent.entropy.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * One batch as a task sees it: the network inputs and, for labelled source batches, the labels in
 * whatever form the task's supervised loss reads (segmentation: an N x H x W id map; detection:
 * boxes and classes). Target batches carry no labels: adaptation never reads them.
 */
public record Batch(NDList inputs, NDList labels) {
    public Batch {
        labels = labels == null ? new NDList() : labels;
    }

    public static Batch unlabelled(NDList inputs) {
        return new Batch(inputs, new NDList());
    }

    /** Hands every array of the batch to {@code manager}, which then frees them when it closes. */
    public void attach(NDManager manager) {
        inputs.attach(manager);
        labels.attach(manager);
    }
}
