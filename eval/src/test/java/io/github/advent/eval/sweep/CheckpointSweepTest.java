package io.github.advent.eval.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.eval.segmentation.SegmentationScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSweepTest {
    @TempDir
    Path tmp;

    /** Scores whose mIoU-19 is tp / (tp + fp) / 2 (class 0 at that IoU, class 1 predicted only: IoU 0). */
    static SegmentationScores scoresWithMean(long tp, long fp) {
        ConfusionMatrix m = new ConfusionMatrix(19);
        m.add(0, 0, tp);
        m.add(1, 0, fp);
        SegmentationScores s = SegmentationScores.of(ClassSet.CITYSCAPES_19, m, 1);
        return s;
    }

    Path snapshot(long iteration, String content) throws Exception {
        Path f = tmp.resolve(String.format("iter_%06d.safetensors", iteration));
        Files.writeString(f, content);
        return f;
    }

    @Test
    void aRerunScoresOnlyNewSnapshotsAndTheCacheIsKeyedByHashAndIteration() throws Exception {
        snapshot(2000, "a");
        snapshot(4000, "b");
        Files.writeString(tmp.resolve("notes.txt"), "not a snapshot");
        List<Long> scored = new ArrayList<>();
        SnapshotScorer scorer = s -> {
            scored.add(s.iteration());
            return scoresWithMean(s.iteration(), 1000);
        };
        Path cacheFile = tmp.resolve(SweepCache.FILE_NAME);
        SweepResult first = CheckpointSweep.run(tmp, ClassSet.CITYSCAPES_19, scorer, SweepCache.open(cacheFile, "k"),
                CheckpointSweep.Options.once(), new CheckpointSweep.Listener() { }, d -> { });
        assertEquals(List.of(2000L, 4000L), scored);
        assertEquals(1, first.bestIndex());
        snapshot(6000, "c");
        snapshot(4000, "b changed"); // same iteration, new content: scored again
        SweepResult second = CheckpointSweep.run(tmp, ClassSet.CITYSCAPES_19, scorer, SweepCache.open(cacheFile, "k"),
                CheckpointSweep.Options.once(), new CheckpointSweep.Listener() { }, d -> { });
        assertEquals(List.of(2000L, 4000L, 4000L, 6000L), scored);
        assertTrue(second.points().get(0).cached());
        assertFalse(second.points().get(1).cached());
        assertEquals(first.points().get(0).scores().matrix(), second.points().get(0).scores().matrix());
        // another evaluation set-up (another key) does not reuse the entries
        CheckpointSweep.run(tmp, ClassSet.CITYSCAPES_19, scorer, SweepCache.open(cacheFile, "other"),
                CheckpointSweep.Options.once(), new CheckpointSweep.Listener() { }, d -> { });
        assertEquals(7, scored.size());
    }

    @Test
    void theBestIsTheHighestMeanRoundedToTwoDecimalsEarliestOnTies() {
        // 43.214% and 43.2096% both round to 43.21: the earlier wins; 43.2151% rounds to 43.22
        List<SweepPoint> points = List.of(
                point(2000, scoresWithMean(86428, 100000 - 86428)),
                point(4000, scoresWithMean(864192, 1000000 - 864192)),
                point(6000, scoresWithMean(10, 90)));
        assertEquals(0.43214, points.get(0).scores().mainMean(), 1e-12);
        assertEquals(0.432096, points.get(1).scores().mainMean(), 1e-12);
        assertEquals(0, CheckpointSweep.best(points));
        List<SweepPoint> better = new ArrayList<>(points);
        better.add(point(8000, scoresWithMean(864302, 1000000 - 864302)));
        assertEquals(3, CheckpointSweep.best(better));
        assertEquals("43.22", CheckpointSweep.roundedPercent(0.432151).toPlainString());
        assertEquals(-1, CheckpointSweep.best(List.of(point(2, SegmentationScores.of(ClassSet.CITYSCAPES_19,
                new ConfusionMatrix(19), 0)))));
    }

    static SweepPoint point(long iteration, SegmentationScores s) {
        return new SweepPoint(new Snapshot(Path.of("iter_" + iteration + ".safetensors"), iteration), "x", s, false);
    }

    @Test
    void waitingPicksUpNewSnapshotsUntilTheLastIteration() throws Exception {
        snapshot(2000, "a");
        Map<Integer, Long> appearing = Map.of(1, 4000L, 3, 6000L);
        int[] sleeps = {0};
        CheckpointSweep.Sleeper sleeper = d -> {
            sleeps[0]++;
            Long it = appearing.get(sleeps[0]);
            if (it != null) {
                try {
                    snapshot(it, "s" + it);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        SweepResult r = CheckpointSweep.run(tmp, ClassSet.CITYSCAPES_19, s -> scoresWithMean(s.iteration() / 1000, 10),
                null, new CheckpointSweep.Options(true, OptionalLong.of(6000), Duration.ofSeconds(5),
                        Duration.ofMinutes(10)), new CheckpointSweep.Listener() { }, sleeper);
        assertEquals(List.of(2000L, 4000L, 6000L), r.points().stream().map(p -> p.snapshot().iteration()).toList());
        assertEquals(3, sleeps[0]);
        assertEquals(2, r.bestIndex());
    }

    @Test
    void waitingStopsAfterTheIdleTimeout() throws Exception {
        snapshot(2000, "a");
        int[] sleeps = {0};
        SweepResult r = CheckpointSweep.run(tmp, ClassSet.CITYSCAPES_19, s -> scoresWithMean(1, 1), null,
                new CheckpointSweep.Options(true, OptionalLong.empty(), Duration.ofSeconds(30), Duration.ofMinutes(2)),
                new CheckpointSweep.Listener() { }, d -> sleeps[0]++);
        assertEquals(1, r.points().size());
        assertEquals(4, sleeps[0]); // after the last new snapshot: 4 polls of 30 s make the 2 minutes
    }

    @Test
    void aDamagedCacheIsNamed() throws Exception {
        Path f = tmp.resolve(SweepCache.FILE_NAME);
        Files.writeString(f, "{\"format\": 3");
        BadInputException e = assertThrows(BadInputException.class, () -> SweepCache.open(f, "k"));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
