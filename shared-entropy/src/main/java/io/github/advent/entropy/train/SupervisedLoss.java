package io.github.advent.entropy.train;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task's supervised loss of one labelled batch: the scalar the trainer differentiates, and named parts the
 * trainer logs beside it (in {@code metrics.csv}, from the first iteration on) so that a researcher can compare
 * each term with their own code, e.g. SSD's location and confidence terms.
 *
 * @param total the training objective, a scalar
 * @param parts scalars by column name, in the order they are logged (not differentiated)
 */
public record SupervisedLoss(NDArray total, Map<String, NDArray> parts) {
    public SupervisedLoss {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** A loss without parts. */
    public static SupervisedLoss of(NDArray total) {
        return new SupervisedLoss(total, Map.of());
    }
}
