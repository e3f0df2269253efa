package io.github.advent.tools;

import io.github.advent.eval.io.Sha256;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.eval.segmentation.LabelledImage;
import io.github.advent.eval.segmentation.SegmentationScores;
import io.github.advent.eval.sweep.Snapshot;
import io.github.advent.eval.sweep.SnapshotScorer;
import io.github.advent.eval.sweep.SweepCache;
import io.github.advent.tools.Choices.DeviceChoice;
import io.github.advent.tools.cluster.Cluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint sweep's scorer on a cluster: the snapshots present and not yet in the cache are scored in one job over
 * snapshots x images when the sweep asks for the first of them; snapshots that appear later (--wait) get a job each.
 * The sweep itself (cache, best rule, report) is the single-machine one.
 */
final class SparkSweep implements SnapshotScorer {
    private final Cluster cluster;
    private final List<LabelledImage> images;
    private final List<Snapshot> present;
    private final SweepCache cache;
    private final ClassSet set;
    private final int[] labelLookup;
    private final SegmentationScoring.Source source;
    private Map<Path, ConfusionMatrix> scored;

    SparkSweep(Cluster cluster, List<LabelledImage> images, List<Snapshot> present, SweepCache cache, ClassSet set,
            int[] labelLookup, DeviceChoice device, ImageSize input) {
        this.cluster = cluster;
        this.images = images;
        this.present = present;
        this.cache = cache;
        this.set = set;
        this.labelLookup = labelLookup;
        this.source = SegmentationScoring.Source.checkpoints(List.of(), device, input);
    }

    @Override
    public SegmentationScores score(Snapshot snapshot) {
        if (scored == null) {
            List<Path> uncached = new ArrayList<>();
            for (Snapshot s : present) {
                if (cache.get(Sha256.of(s.file()), s.iteration(), set).isEmpty()) {
                    uncached.add(s.file());
                }
            }
            scored = new HashMap<>(SegmentationScoring.accumulateSnapshots(cluster, uncached, images, source, set.size(),
                    labelLookup));
        }
        ConfusionMatrix matrix = scored.remove(snapshot.file());
        if (matrix == null) { // appeared after the sweep began
            matrix = SegmentationScoring.accumulateSnapshots(cluster, List.of(snapshot.file()), images, source,
                    set.size(), labelLookup).get(snapshot.file());
        }
        return SegmentationScores.of(set, matrix, images.size());
    }
}
