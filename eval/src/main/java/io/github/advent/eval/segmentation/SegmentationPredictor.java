package io.github.advent.eval.segmentation;

import io.github.advent.eval.io.LabelImage;
import java.nio.file.Path;

/**
 * What {@link SegmentationEvaluator} scores: a train-id map for each image, at the size of its
 * label. Saved predictions ({@link PredictionFolder}) implement it; so will a network
 * (ADVENT's protocol: the image resized to 1024x512, the main head's logits upsampled with
 * align-corners to the label size, argmax) and an ensemble of networks (probabilities averaged
 * with weights before the argmax).
 *
 * <p>The evaluator decodes labels on several threads and calls {@link #predict} from them; a
 * predictor that is not {@link #threadSafe()} is called by one thread at a time.
 */
public interface SegmentationPredictor extends AutoCloseable {

    /**
     * The predicted train ids of {@code image}, {@code width x height} (the label's size), each in
     * [0, classes). Returning another size or an id out of range is reported as bad input naming
     * {@link #source}. {@code reuse} (may be {@code null}) is a map this predictor returned before
     * and the evaluator is done with: its array may be reused.
     */
    LabelImage predict(LabelledImage image, int width, int height, LabelImage reuse);

    /** The file the prediction of {@code image} comes from (named in error messages), or {@code null}. */
    default Path source(LabelledImage image) {
        return null;
    }

    /** Whether {@link #predict} may run on several threads at once. */
    default boolean threadSafe() {
        return false;
    }

    /** What predicts, for the report, e.g. {@code predictions in out/val (500 PNGs)}. */
    String describe();

    @Override
    default void close() {}
}
