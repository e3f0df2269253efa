package io.github.advent.classification;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.advent.classification.data.ClassificationSample;
import io.github.advent.entropy.train.Batch;
import java.util.List;

/** Decoded samples into the task's batches: inputs {@code N x 3 x S x S}, labels {@code N} (int64). */
public final class ClassificationBatches {
    private ClassificationBatches() {}

    /** A labelled batch (a source), or an unlabelled one ({@code labelled} false: a target). */
    public static Batch of(NDManager manager, List<ClassificationSample> samples, boolean labelled) {
        int size = samples.get(0).size();
        int plane = 3 * size * size;
        float[] pixels = new float[samples.size() * plane];
        long[] labels = new long[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            ClassificationSample sample = samples.get(i);
            if (sample.size() != size) {
                throw new IllegalArgumentException("samples of one batch must share their size: " + size + " and " + sample.size());
            }
            System.arraycopy(sample.pixels(), 0, pixels, i * plane, plane);
            labels[i] = sample.label();
        }
        NDList inputs = new NDList(manager.create(pixels, new Shape(samples.size(), 3, size, size)));
        return labelled ? new Batch(inputs, new NDList(manager.create(labels))) : Batch.unlabelled(inputs);
    }
}
