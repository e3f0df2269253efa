package io.github.advent.eval.sweep;

import io.github.advent.eval.segmentation.SegmentationScores;

/**
 * One scored snapshot of a sweep.
 *
 * @param sha256 the snapshot file's SHA-256 (with the iteration, the cache key)
 * @param cached whether the scores came from the cache instead of a new evaluation
 */
public record SweepPoint(Snapshot snapshot, String sha256, SegmentationScores scores, boolean cached) {}
