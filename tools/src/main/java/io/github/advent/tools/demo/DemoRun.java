package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.BatchStream;
import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The whole demo: generate both domains, train every method of every task for every seed, score them
 * on the held-out target scenes, and collect what the report shows. Writes under its output folder
 * only: {@code data/} (the generated datasets), {@code runs/} (each training run, as {@code advent
 * train} writes it) and {@code samples/} (the report's pictures); these are replaced on each run.
 */
public final class DemoRun {
    public static final List<Method> METHODS = List.of(Method.SOURCE_ONLY, Method.MINENT, Method.ADVENT);
    /** The upper bound's name: the same network trained on the target's labels. */
    public static final String ORACLE = "oracle";
    /** The poly schedule's power and the discriminators' base width (ADVENT: 64; the demo's maps are small). */
    static final double SCHEDULE_POWER = 0.9;
    static final int DISCRIMINATOR_WIDTH = 16;

    /** How the run reports progress (the command line draws bars from it). */
    public interface Progress {
        IntConsumer dataBar(String label, int total);

        TrainingRun.Listener trainingBar(String label, long iterations);

        void closeBar();

        void log(String line);
    }

    /** The demo's tasks, by name. */
    public static final List<String> TASKS = List.of("segmentation", "detection");

    private final Path out;
    private final DemoPlan plan;
    private final Progress progress;
    private final List<String> tasks;
    private final boolean withOracle;
    private final DomainStyle targetStyle;

    public DemoRun(Path out, DemoPlan plan, Progress progress) {
        this(out, plan, progress, TASKS, true, DomainStyle.realistic());
    }

    /**
     * A run of some of the {@link #TASKS} only, maybe without oracles, maybe with another target look (a
     * developer's shortcuts for experiments).
     */
    public DemoRun(Path out, DemoPlan plan, Progress progress, List<String> tasks, boolean oracle, DomainStyle targetStyle) {
        for (String task : tasks) {
            if (!TASKS.contains(task)) {
                throw new IllegalArgumentException("unknown demo task '" + task + "' (expected one of " + TASKS + ")");
            }
        }
        this.out = out;
        this.plan = plan;
        this.progress = progress;
        this.tasks = List.copyOf(tasks);
        this.withOracle = oracle;
        this.targetStyle = targetStyle;
    }

    public DemoReport.Content run(List<Long> seeds, String command, String version) {
        long start = System.nanoTime();
        for (String folder : List.of("data", "runs", "samples")) {
            deleteTree(out.resolve(folder));
        }
        DemoData.Spec spec = new DemoData.Spec(plan.width(), plan.height(), plan.sourceScenes(), plan.targetScenes(),
                plan.validationScenes(), 2019);
        int scenes = spec.sourceScenes() + spec.targetScenes() + 2 * spec.validationScenes();
        DemoData.Domains data = DemoData.write(out.resolve("data"), spec, DomainStyle.synthetic(), targetStyle,
                progress.dataBar("generating scenes", scenes));
        progress.closeBar();
        progress.log("data: " + scenes + " scenes in " + out.resolve("data"));
        List<DemoTrack> tracks = new ArrayList<>();
        Map<String, List<DemoReport.SampleRow>> samples = new LinkedHashMap<>();
        List<DemoTask> chosen = new ArrayList<>();
        if (tasks.contains("segmentation")) {
            chosen.add(new DemoSegmentation(data, plan));
        }
        if (tasks.contains("detection")) {
            chosen.add(new DemoDetection(data, plan));
        }
        for (DemoTask task : chosen) {
            Map<Method, Path> firstSeed = new LinkedHashMap<>();
            tracks.add(track(task, data, seeds, firstSeed));
            samples.put(task.name(), task.samples(firstSeed, out.resolve("samples"), plan.sampleRows()));
        }
        return new DemoReport.Content(command, version, plan.describe(), tracks, samples, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Every method of one task for every seed, then the references: the source-only model on held-out
     * source scenes, and the oracle (trained from scratch on the labelled target scenes for as many
     * iterations as a method's start and continuation together). The first seed's final checkpoints
     * go to {@code firstSeed}.
     */
    private DemoTrack track(DemoTask task, DemoData.Domains data, List<Long> seeds, Map<Method, Path> firstSeed) {
        String name = task.name().toLowerCase(Locale.ROOT);
        List<DemoTrack.Run> runs = new ArrayList<>();
        Map<DemoTrack.ReferenceRow, List<DemoTrack.Reference>> references = new EnumMap<>(DemoTrack.ReferenceRow.class);
        List<DemoTrack.Reference> sourceDomain = new ArrayList<>();
        for (long seed : seeds) {
            Path folder = out.resolve("runs").resolve(name).resolve("seed-" + seed);
            List<DemoTrack.CurvePoint> shared = new ArrayList<>();
            Path pretrained = task.train(Method.SOURCE_ONLY, data.source(), null, task.pretrainIterations(), seed,
                    folder.resolve("pretrain"), bar(name + " seed " + seed + ": source-only start", task.pretrainIterations(), 0, shared));
            for (Method method : METHODS) {
                List<DemoTrack.CurvePoint> curve = new ArrayList<>(shared);
                Path checkpoint = task.train(method, data.source(), pretrained, task.adaptIterations(), seed,
                        folder.resolve(method.cliName()), bar(name + " seed " + seed + ": " + DemoCharts.label(method),
                                task.adaptIterations(), task.pretrainIterations(), curve));
                DemoTask.Score score = task.evaluate(checkpoint, data.validation());
                runs.add(new DemoTrack.Run(method, seed, score.mean(), score.perClass(), curve));
                progress.log(String.format(Locale.ROOT, "%s seed %d %-11s target %s %.2f", name, seed,
                        DemoCharts.label(method), task.metric(), 100 * score.mean()));
                if (method == Method.SOURCE_ONLY) {
                    DemoTask.Score source = task.evaluate(checkpoint, data.sourceValidation());
                    sourceDomain.add(new DemoTrack.Reference(seed, source.mean(), source.perClass()));
                    progress.log(String.format(Locale.ROOT, "%s seed %d %-11s source %s %.2f", name, seed,
                            DemoCharts.label(method), task.metric(), 100 * source.mean()));
                    TestTimeAdapter.Config tent = plan.testTime();
                    reference(references, DemoTrack.ReferenceRow.TENT, name, seed, task,
                            task.evaluateTestTime(checkpoint, data.validation(), tent));
                    reference(references, DemoTrack.ReferenceRow.TARGET_STATISTICS, name, seed, task,
                            task.evaluateTestTime(checkpoint, data.validation(),
                                    new TestTimeAdapter.Config(0, tent.learningRate(), tent.episodic())));
                }
                if (seed == seeds.get(0)) {
                    firstSeed.put(method, checkpoint);
                }
            }
            if (!withOracle) {
                continue;
            }
            long budget = task.pretrainIterations() + task.adaptIterations();
            Path oracleCheckpoint = task.train(Method.SOURCE_ONLY, data.labelledTarget(), null, budget, seed,
                    folder.resolve(ORACLE), bar(name + " seed " + seed + ": oracle", budget, 0, new ArrayList<>()));
            reference(references, DemoTrack.ReferenceRow.ORACLE, name, seed, task,
                    task.evaluate(oracleCheckpoint, data.validation()));
        }
        return new DemoTrack(task.name(), task.metric(), task.classes(), runs, references, sourceDomain);
    }

    /** Records and logs one seed's score of a reference row. */
    private void reference(Map<DemoTrack.ReferenceRow, List<DemoTrack.Reference>> references, DemoTrack.ReferenceRow row,
            String name, long seed, DemoTask task, DemoTask.Score score) {
        references.computeIfAbsent(row, r -> new ArrayList<>()).add(new DemoTrack.Reference(seed, score.mean(), score.perClass()));
        progress.log(String.format(Locale.ROOT, "%s seed %d %-11s target %s %.2f", name, seed, row.key, task.metric(),
                100 * score.mean()));
    }

    /** A progress bar that also records the loss curve (moving averages, about 50 points per run). */
    private TrainingRun.Listener bar(String label, long iterations, long offset, List<DemoTrack.CurvePoint> curve) {
        TrainingRun.Listener bar = progress.trainingBar(label, iterations);
        long every = Math.max(1, iterations / 50);
        return new TrainingRun.Listener() {
            double supervised = Double.NaN;
            double entropy = Double.NaN;

            @Override
            public void iterationDone(IterationLosses losses, double seconds) {
                bar.iterationDone(losses, seconds);
                supervised = average(supervised, losses.values().getOrDefault("supervised", Double.NaN));
                double sum = 0;
                int levels = 0;
                for (Map.Entry<String, Double> loss : losses.values().entrySet()) {
                    if (loss.getKey().startsWith("entropy_")) {
                        sum += loss.getValue();
                        levels++;
                    }
                }
                entropy = levels == 0 ? Double.NaN : average(entropy, sum / levels);
                if ((losses.iteration() + 1) % every == 0) {
                    curve.add(new DemoTrack.CurvePoint(offset + losses.iteration() + 1, supervised, entropy));
                }
                if (losses.iteration() + 1 == iterations) {
                    progress.closeBar();
                }
            }
        };
    }

    private static double average(double running, double value) {
        return Double.isNaN(running) ? value : 0.9 * running + 0.1 * value;
    }

    /** The demo's optimiser settings: ADVENT's, with the demo's learning rates, poly over the run's length. */
    static AdaptationConfig config(Method method, long seed, long iterations, double learningRate, double discriminatorRate) {
        return AdaptationConfig.defaults(method).withSeed(seed)
                .withLearningRates(learningRate, discriminatorRate)
                .withSchedule(iterations, SCHEDULE_POWER)
                .withDiscriminatorBaseWidth(DISCRIMINATOR_WIDTH);
    }

    /** Runs a trainer through {@link TrainingRun} (run.json, metrics.csv, one final snapshot); that snapshot. */
    static Path run(AdaptationTrainer trainer, BatchStream.Factory batches, long iterations, Path runDirectory,
            TrainingRun.Listener listener) {
        TrainingRun.Options options = new TrainingRun.Options(runDirectory, iterations, iterations, false, "advent demo");
        TrainingRun.prepare(trainer, options);
        return TrainingRun.run(trainer, batches, options, listener).lastSnapshot();
    }

    static List<Path> images(DemoData.Split split) {
        try (Stream<Path> files = Files.list(split.root().resolve("images"))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + split.root().resolve("images"), e);
        }
    }

    /** Writes a report picture; its path relative to the report folder. */
    static String tile(Path folder, String name, Image8 image) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Images.writeRgb(folder.resolve(name), image);
        return folder.getFileName() + "/" + name;
    }

    static double nanMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + root + " for a new demo run", e);
        }
    }
}
