package io.github.advent.entropy.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.testing.ToyBatches;
import io.github.advent.entropy.testing.ToySegmentationTask;
import io.github.advent.entropy.testing.ToyTrainingMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest extends ManagedTest {
    @TempDir
    Path dir;

    private AdaptationTrainer trainer(long seed) {
        ToySegmentationTask task = new ToySegmentationTask(manager, seed, 16, 0.5, 0.01);
        return new AdaptationTrainer(task, AdaptationTrainerTest.config(Method.ADVENT), manager);
    }

    private static final TrainingRun.Listener QUIET = (losses, seconds) -> {};

    private TrainingRun.Result train(AdaptationTrainer trainer, Path run, long iterations, long every, boolean resume) {
        TrainingRun.Options options = new TrainingRun.Options(run, iterations, every, resume, "test");
        TrainingRun.prepare(trainer, options);
        return TrainingRun.run(trainer, ToyBatches.factory(2, 16), options, QUIET, StopSignal.manual());
    }

    private static List<String> rows(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv"));
    }

    /** The loss columns of a metrics row (iteration first, wall-clock seconds dropped). */
    private static double[] losses(String row) {
        String[] cells = row.split(",");
        double[] values = new double[cells.length - 1];
        values[0] = Double.parseDouble(cells[0]);
        for (int i = 2; i < cells.length; i++) {
            values[i - 1] = Double.parseDouble(cells[i]);
        }
        return values;
    }

    @Test
    void writesMetricsAndSnapshotsAndResumesExactly() throws IOException {
        Path straight = dir.resolve("straight");
        try (AdaptationTrainer t = trainer(1)) {
            TrainingRun.Result result = train(t, straight, 6, 4, false);
            assertEquals(6, result.iterationsDone());
            assertFalse(result.interrupted());
        }
        assertTrue(Files.exists(TrainingRun.snapshotPath(straight, 4)));
        assertEquals(6, TrainingRun.plannedIterations(straight).getAsLong(), "run.json says how long the run is");
        assertEquals(TrainingRun.snapshotPath(straight, 6), TrainingRun.latestSnapshot(straight).orElseThrow());
        List<String> expected = rows(straight);
        assertEquals(7, expected.size(), "header + 6 rows");
        assertTrue(expected.get(0).startsWith("iteration,seconds,lr,lr_discriminator,supervised,"), expected.get(0));

        // a run that crashed after iteration 5 but whose last snapshot is iteration 4
        Path crashed = dir.resolve("crashed");
        try (AdaptationTrainer t = trainer(1)) {
            train(t, crashed, 5, 4, false);
        }
        Files.delete(TrainingRun.snapshotPath(crashed, 5));
        assertEquals(6, rows(crashed).size(), "rows 0-4 were logged before the crash");
        try (AdaptationTrainer t = trainer(77)) {
            TrainingRun.Result result = train(t, crashed, 6, 4, true);
            assertEquals(6, result.iterationsDone());
        }
        List<String> resumed = rows(crashed);
        assertEquals(expected.size(), resumed.size(), "row 4 was dropped and computed again: " + resumed);
        for (int r = 1; r < expected.size(); r++) {
            double[] a = losses(expected.get(r));
            double[] b = losses(resumed.get(r));
            assertEquals(a.length, b.length);
            for (int c = 0; c < a.length; c++) {
                assertEquals(a[c], b[c], 1e-6 * Math.max(1, Math.abs(a[c])), "row " + r + " column " + c);
            }
        }
    }

    @Test
    void refusesToOverwriteARunAndToResumeNothing() {
        Path run = dir.resolve("run");
        try (AdaptationTrainer t = trainer(1)) {
            BadInputException nothing = assertThrows(BadInputException.class, () -> train(t, run, 2, 1, true));
            assertTrue(nothing.getMessage().contains("nothing to resume"), nothing.getMessage());
            train(t, run, 2, 1, false);
        }
        try (AdaptationTrainer t = trainer(1)) {
            BadInputException exists = assertThrows(BadInputException.class, () -> train(t, run, 4, 1, false));
            assertTrue(exists.getMessage().contains("--resume"), exists.getMessage());
        }
    }

    @Test
    void aStopRequestWritesAFinalSnapshot() {
        Path run = dir.resolve("stopped");
        StopSignal stop = StopSignal.manual();
        try (AdaptationTrainer t = trainer(1)) {
            TrainingRun.Options options = new TrainingRun.Options(run, 100, 50, false, "test");
            TrainingRun.prepare(t, options);
            TrainingRun.Result result = TrainingRun.run(t, ToyBatches.factory(2, 16), options, (losses, seconds) -> {
                if (losses.iteration() == 2) {
                    stop.request();
                }
            }, stop);
            assertTrue(result.interrupted());
            assertEquals(3, result.iterationsDone());
            assertEquals(TrainingRun.snapshotPath(run, 3), result.lastSnapshot());
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunAndNamesTheLastGoodSnapshot() throws IOException {
        Path run = dir.resolve("nan");
        try (AdaptationTrainer t = trainer(1)) {
            TrainingRun.Options options = new TrainingRun.Options(run, 10, 2, false, "test");
            TrainingRun.prepare(t, options);
            BadInputException e = assertThrows(BadInputException.class, () -> TrainingRun.run(t,
                    ToyBatches.poisonedAt(2, 16, i -> i == 3), options, QUIET, StopSignal.manual()));
            assertTrue(e.getMessage().contains("NaN at iteration 3")
                    && e.getMessage().contains(TrainingRun.snapshotPath(run, 2).toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        try (AdaptationTrainer t = trainer(5)) {
            TrainerCheckpoint.restore(t, TrainingRun.latestSnapshot(run).orElseThrow());
            assertEquals(2, t.iteration(), "the last good snapshot is readable");
        }
    }

    @Test
    void ctrlCEndsTheRunWithASnapshot() throws Exception {
        Path run = dir.resolve("signalled");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                ToyTrainingMain.class.getName(), run.toString());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("done 3")) {
                    // what Ctrl-C sends; the JVM runs its shutdown hooks
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                }
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process ended");
        String last = lines.stream().filter(l -> l.startsWith("done ")).reduce((a, b) -> b).orElseThrow();
        long lastIteration = Long.parseLong(last.substring(5));
        assertTrue(lastIteration >= 3, lines.toString());
        assertEquals(TrainingRun.snapshotPath(run, lastIteration), TrainingRun.latestSnapshot(run).orElseThrow(),
                "the snapshot holds every iteration that finished: " + lines);
        Path snapshot = TrainingRun.latestSnapshot(run).orElseThrow();
        AdaptationConfig config = TrainerCheckpoint.config(snapshot);
        assertEquals(Method.MINENT, config.method());
        try (AdaptationTrainer t = new AdaptationTrainer(new ToySegmentationTask(manager, 1, 16, 0.5, 0.01), config, manager)) {
            TrainerCheckpoint.restore(t, snapshot);
            assertEquals(lastIteration, t.iteration());
        }
    }

    @Test
    void recordsTaskSettingsAndChecksTheMethodOfAResume() {
        Path run = dir.resolve("settings");
        assertEquals(java.util.Map.of(), TrainingRun.settings(run), "no run.json yet");
        try (AdaptationTrainer t = trainer(3)) {
            TrainingRun.Options options = new TrainingRun.Options(run, 1, 1, false, "advent train --source gta5=/data/g<5>",
                    java.util.Map.of("batch_size", "4"));
            TrainingRun.prepare(t, options);
            TrainingRun.run(t, ToyBatches.factory(2, 16), options, QUIET, StopSignal.manual());
        }
        assertEquals(java.util.Map.of("batch_size", "4"), TrainingRun.settings(run));
        String written = assertDoesNotThrow(() -> Files.readString(run.resolve(TrainingRun.RUN_FILE)));
        assertTrue(written.contains("--source gta5=/data/g<5>"), "the command as typed, not HTML-escaped: " + written);
        assertEquals(Method.ADVENT, TrainingRun.resumedConfig(run, Method.ADVENT).method());
        BadInputException other = assertThrows(BadInputException.class, () -> TrainingRun.resumedConfig(run, Method.MINENT));
        assertTrue(other.getMessage().contains("was written by a advent run; --method says minent"), other.getMessage());
        BadInputException none = assertThrows(BadInputException.class,
                () -> TrainingRun.resumedConfig(dir.resolve("empty"), Method.ADVENT));
        assertTrue(none.getMessage().contains("nothing to resume"), none.getMessage());
    }
}
