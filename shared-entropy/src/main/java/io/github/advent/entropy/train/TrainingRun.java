package io.github.advent.entropy.train;

import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.checkpoint.Provenance;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs an {@link AdaptationTrainer} for many iterations the way every advent training command
 * does: one row per iteration in {@code RUN/metrics.csv}, a snapshot every N iterations and at the
 * end in {@code RUN/snapshots/iter_NNNNNN.safetensors}, exact continuation from the latest snapshot
 * with {@code resume}, a final snapshot on Ctrl-C, and a clear stop (keeping the last good snapshot)
 * when a loss becomes NaN or infinite. Segmentation and detection share it.
 */
public final class TrainingRun {
    /**
     * Where and how long to train.
     *
     * @param settings what the task needs to continue a run exactly that the trainer's config does not hold
     *     (batch size, augmentation, ...), written to {@code run.json} as {@code settings} and read back with
     *     {@link #settings(Path)}; empty when there is none
     */
    public record Options(Path runDirectory, long iterations, long snapshotEvery, boolean resume, String command,
            Map<String, String> settings) {
        public Options {
            if (iterations <= 0 || snapshotEvery <= 0) {
                throw new IllegalArgumentException("iterations and snapshot interval must be positive");
            }
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        public Options(Path runDirectory, long iterations, long snapshotEvery, boolean resume, String command) {
            this(runDirectory, iterations, snapshotEvery, resume, command, Map.of());
        }
    }

    /** Told about each iteration and snapshot (the command line draws its progress bar from it). */
    public interface Listener {
        void iterationDone(IterationLosses losses, double seconds);

        default void snapshotWritten(Path snapshot, long iteration) {}
    }

    /** How a run ended. */
    /**
     * @param recomputed passes recomputed because they came out non-finite ({@link AdaptationTrainer#ENGINE_RETRIES})
     */
    public record Result(long iterationsDone, Path lastSnapshot, boolean interrupted, long recomputed) {}

    private static final Pattern SNAPSHOT = Pattern.compile("iter_(\\d+)\\.safetensors");

    private TrainingRun() {}

    public static Path snapshotDirectory(Path runDirectory) {
        return runDirectory.resolve("snapshots");
    }

    public static Path snapshotPath(Path runDirectory, long iteration) {
        return snapshotDirectory(runDirectory).resolve(String.format("iter_%06d.safetensors", iteration));
    }

    /** The snapshot with the highest iteration in a run directory, if any. */
    public static Optional<Path> latestSnapshot(Path runDirectory) {
        Path directory = snapshotDirectory(runDirectory);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> SNAPSHOT.matcher(f.getFileName().toString()).matches())
                    .max(Comparator.comparingLong(TrainingRun::iterationOf));
        } catch (IOException e) {
            throw new BadInputException(directory, "cannot list snapshots: " + e.getMessage());
        }
    }

    static long iterationOf(Path snapshot) {
        Matcher m = SNAPSHOT.matcher(snapshot.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Restores {@code trainer} from the latest snapshot when resuming, or checks that the run
     * directory holds no snapshots to overwrite when starting fresh.
     */
    public static void prepare(AdaptationTrainer trainer, Options options) {
        Optional<Path> latest = latestSnapshot(options.runDirectory());
        if (options.resume()) {
            Path snapshot = latest.orElseThrow(() -> new BadInputException(snapshotDirectory(options.runDirectory()),
                    "nothing to resume: no iter_*.safetensors snapshot here"));
            TrainerCheckpoint.restore(trainer, snapshot);
        } else if (latest.isPresent()) {
            throw new BadInputException(options.runDirectory(), "already holds snapshots (latest "
                    + latest.get().getFileName() + "); pass --resume to continue it, or choose another --out");
        }
    }

    /**
     * Trains from {@code trainer.iteration()} up to {@code options.iterations()}. The trainer must
     * already be {@link #prepare prepared}.
     */
    public static Result run(AdaptationTrainer trainer, BatchStream.Factory batches, Options options, Listener listener) {
        return run(trainer, batches, options, listener, StopSignal.onShutdown());
    }

    /**
     * What every task's training command does: {@link #prepare} (a fresh run, or the latest snapshot of a resumed
     * one, logged), then {@link #run} until done or stopped; {@code stop} null: on Ctrl-C.
     */
    public static Result prepareAndRun(AdaptationTrainer trainer, BatchStream.Factory batches, Options options,
            Listener listener, StopSignal stop, java.util.function.Consumer<String> log) {
        prepare(trainer, options);
        if (options.resume()) {
            log.accept("resuming at iteration " + trainer.iteration() + " from "
                    + latestSnapshot(options.runDirectory()).orElseThrow());
        }
        return stop == null ? run(trainer, batches, options, listener) : run(trainer, batches, options, listener, stop);
    }

    /** As above, stopping (with a final snapshot) when {@code stop} is requested. */
    public static Result run(AdaptationTrainer trainer, BatchStream.Factory batches, Options options, Listener listener,
            StopSignal stop) {
        try {
            return runUntilStopped(trainer, batches, options, listener, stop);
        } finally {
            stop.finished(); // also when the run fails before its first iteration: no shutdown hook left waiting
        }
    }

    private static Result runUntilStopped(AdaptationTrainer trainer, BatchStream.Factory batches, Options options,
            Listener listener, StopSignal stop) {
        Path runDirectory = options.runDirectory();
        try {
            Files.createDirectories(snapshotDirectory(runDirectory));
        } catch (IOException e) {
            throw new BadInputException(runDirectory, "cannot create the run directory: " + e.getMessage());
        }
        Path lastSnapshot = latestSnapshot(runDirectory).orElse(null);
        writeRunFile(trainer, options);
        try (MetricsLog metrics = MetricsLog.open(runDirectory.resolve("metrics.csv"), trainer.iteration());
                BatchStream stream = batches.open(trainer.iteration());
                NDManager batchManager = NDManager.newBaseManager(trainer.device())) {
            while (trainer.iteration() < options.iterations()) {
                if (stop.requested()) {
                    lastSnapshot = snapshot(trainer, options, listener);
                    return new Result(trainer.iteration(), lastSnapshot, true, trainer.recomputations());
                }
                long start = System.nanoTime();
                IterationLosses losses;
                try {
                    losses = trainer.step(stream.nextSource(batchManager), stream.nextTarget(batchManager));
                } catch (NonFiniteLossException e) {
                    throw new BadInputException(null, e.getMessage() + "; training stopped"
                            + (lastSnapshot == null ? " (no snapshot was written yet)"
                                    : "; the last good snapshot is " + lastSnapshot));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                metrics.append(losses, seconds);
                listener.iterationDone(losses, seconds);
                long done = trainer.iteration();
                if (done % options.snapshotEvery() == 0 || done == options.iterations()) {
                    lastSnapshot = snapshot(trainer, options, listener);
                }
            }
            return new Result(trainer.iteration(), lastSnapshot, false, trainer.recomputations());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code RUN/run.json}: what the run is for, so that evaluation can tell when it is complete. */
    public static final String RUN_FILE = "run.json";

    private static void writeRunFile(AdaptationTrainer trainer, Options options) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("iterations", options.iterations());
        run.put("snapshot_every", options.snapshotEvery());
        run.put("method", trainer.config().method().cliName());
        run.put("architecture", trainer.task().architecture());
        run.put("num_classes", trainer.task().numClasses());
        run.put("config", trainer.config());
        if (!options.settings().isEmpty()) {
            run.put("settings", options.settings());
        }
        run.put("provenance", Provenance.current(options.command()));
        run.put("machine", io.github.advent.entropy.util.MachineFacts.current().toMap());
        Path file = options.runDirectory().resolve(RUN_FILE);
        try {
            AtomicFiles.write(file, f -> Files.writeString(f, GSON.toJson(run)));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write: " + e.getMessage());
        }
    }

    /**
     * The config of the run in {@code runDirectory}, from its latest snapshot, for {@code --resume}: the run
     * continues with the settings it started with.
     *
     * @throws BadInputException when there is no snapshot, or it was written by another method
     */
    public static AdaptationConfig resumedConfig(Path runDirectory, Method method) {
        Path latest = latestSnapshot(runDirectory).orElseThrow(() -> new BadInputException(
                snapshotDirectory(runDirectory), "nothing to resume: no iter_*.safetensors snapshot here"));
        AdaptationConfig config = TrainerCheckpoint.config(latest);
        if (config.method() != method) {
            throw new BadInputException(latest, "was written by a " + config.method() + " run; --method says " + method);
        }
        return config;
    }

    /** The task settings a run directory's {@code run.json} records ({@link Options#settings()}); empty when none. */
    public static Map<String, String> settings(Path runDirectory) {
        Path file = runDirectory.resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            com.google.gson.JsonElement settings =
                    com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("settings");
            Map<String, String> out = new LinkedHashMap<>();
            if (settings != null && settings.isJsonObject()) {
                settings.getAsJsonObject().entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "unreadable run description: " + e.getMessage());
        }
    }

    /** The total iterations a run directory's {@code run.json} declares, if it has one. */
    public static java.util.OptionalLong plannedIterations(Path runDirectory) {
        Path file = runDirectory.resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(
                    com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("iterations").getAsLong());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "unreadable run description: " + e.getMessage());
        }
    }

    private static final com.google.gson.Gson GSON = io.github.advent.entropy.io.Json.builder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    private static Path snapshot(AdaptationTrainer trainer, Options options, Listener listener) {
        Path path = snapshotPath(options.runDirectory(), trainer.iteration());
        TrainerCheckpoint.save(trainer, path, Provenance.current(options.command()));
        listener.snapshotWritten(path, trainer.iteration());
        return path;
    }
}
