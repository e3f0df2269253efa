package io.github.advent.eval.sweep;

import java.util.List;

/**
 * Every scored snapshot, in iteration order, and the best one.
 *
 * @param bestIndex index into {@code points} per {@link CheckpointSweep#best}, -1 when no snapshot has a defined mean
 */
public record SweepResult(List<SweepPoint> points, int bestIndex) {
    public SweepResult {
        points = List.copyOf(points);
    }

    public SweepPoint best() {
        return bestIndex < 0 ? null : points.get(bestIndex);
    }
}
