package io.github.advent.eval.sweep;

import io.github.advent.eval.io.Sha256;
import io.github.advent.eval.report.EvalReport;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.SegmentationScores;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * ADVENT's "best" mode: every snapshot of a run is scored (from the {@link SweepCache} when it was
 * scored before), in iteration order, and the best one reported. With {@link Options#waitForNew()}
 * the folder is watched for new snapshots until the run's last iteration has been scored, or no
 * new snapshot came for {@link Options#idleTimeout()}.
 *
 * <p>The best snapshot follows ADVENT's {@code eval_best}: the headline mean in percent rounded
 * to two decimals (Python's {@code round}, half-even on the exact value), the first snapshot with
 * the highest rounded value wins.
 */
public final class CheckpointSweep {
    /** How the best snapshot is picked, in words (for reports). */
    public static final String BEST_RULE = "best = highest headline mean in percent rounded to 2 decimals, the earliest"
            + " iteration on ties (ADVENT's eval_best)";

    private CheckpointSweep() {}

    /**
     * @param waitForNew keep watching the folder for new snapshots
     * @param lastIteration the run's final iteration, when known: waiting ends once it is scored
     * @param pollInterval how often to look for new snapshots while waiting
     * @param idleTimeout waiting ends after this long without a new snapshot
     */
    public record Options(boolean waitForNew, OptionalLong lastIteration, Duration pollInterval, Duration idleTimeout) {
        public static Options once() {
            return new Options(false, OptionalLong.empty(), Duration.ofSeconds(30), Duration.ofHours(2));
        }
    }

    /** Told about the sweep's progress (the command line prints from it). */
    public interface Listener {
        default void scored(SweepPoint point, boolean newBest) {}

        default void waiting(int scored) {}
    }

    /** Sleeps; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    /** Scores every snapshot in {@code folder} (and, waiting, the ones that appear). */
    public static SweepResult run(Path folder, ClassSet classSet, SnapshotScorer scorer, SweepCache cache,
            Options options, Listener listener, Sleeper sleeper) throws InterruptedException {
        List<SweepPoint> points = new ArrayList<>();
        Set<Path> done = new HashSet<>();
        Duration idle = Duration.ZERO;
        while (true) {
            boolean any = false;
            for (Snapshot s : SnapshotFolder.list(folder)) {
                if (done.contains(s.file())) {
                    continue;
                }
                any = true;
                String sha = Sha256.of(s.file());
                SegmentationScores scores = cache == null ? null : cache.get(sha, s.iteration(), classSet).orElse(null);
                boolean cached = scores != null;
                if (!cached) {
                    scores = scorer.score(s);
                    if (cache != null) {
                        cache.put(s, sha, scores);
                    }
                }
                done.add(s.file());
                SweepPoint point = new SweepPoint(s, sha, scores, cached);
                points.add(point);
                points.sort((a, b) -> Long.compare(a.snapshot().iteration(), b.snapshot().iteration()));
                listener.scored(point, points.get(best(points)) == point);
            }
            if (!options.waitForNew()) {
                break;
            }
            if (options.lastIteration().isPresent() && points.stream()
                    .anyMatch(p -> p.snapshot().iteration() >= options.lastIteration().getAsLong())) {
                break;
            }
            idle = any ? Duration.ZERO : idle.plus(options.pollInterval());
            if (idle.compareTo(options.idleTimeout()) >= 0) {
                break;
            }
            listener.waiting(points.size());
            sleeper.sleep(options.pollInterval());
        }
        return new SweepResult(points, points.isEmpty() ? -1 : best(points));
    }

    /** ADVENT's rule (see the class comment); -1 when no point has a defined headline mean. */
    public static int best(List<SweepPoint> points) {
        BigDecimal bestValue = null;
        int best = -1;
        for (int i = 0; i < points.size(); i++) {
            double mean = points.get(i).scores().mainMean();
            if (Double.isNaN(mean)) {
                continue;
            }
            BigDecimal rounded = roundedPercent(mean);
            if (bestValue == null || rounded.compareTo(bestValue) > 0) {
                bestValue = rounded;
                best = i;
            }
        }
        return best;
    }

    /** {@code round(mean * 100, 2)} as Python computes it. */
    public static BigDecimal roundedPercent(double mean) {
        return new BigDecimal(mean * 100).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** The sweep as a report section. */
    public static EvalReport.Sweep toReport(SweepResult result, ClassSet classSet) {
        List<String> names = classSet.means().stream().map(ClassSet.MeanDefinition::name).toList();
        List<EvalReport.SweepRow> rows = new ArrayList<>();
        for (SweepPoint p : result.points()) {
            double[] means = p.scores().means().stream().mapToDouble(SegmentationScores.Mean::value).toArray();
            rows.add(new EvalReport.SweepRow(p.snapshot().iteration(), p.snapshot().file().toString(), p.sha256(), means,
                    p.cached()));
        }
        return new EvalReport.Sweep(names, rows, result.bestIndex(), BEST_RULE);
    }
}
