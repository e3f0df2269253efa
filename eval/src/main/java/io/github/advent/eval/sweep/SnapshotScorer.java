package io.github.advent.eval.sweep;

import io.github.advent.eval.segmentation.SegmentationScores;

/**
 * Scores one snapshot on the evaluation set. The model-driven command implements it: load the
 * snapshot into the network, wrap it as a {@link io.github.advent.eval.segmentation.SegmentationPredictor}
 * and run {@link io.github.advent.eval.segmentation.SegmentationEvaluator#evaluate}.
 */
@FunctionalInterface
public interface SnapshotScorer {
    SegmentationScores score(Snapshot snapshot);
}
