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
import java.util.Set;
import java.util.TreeSet;
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
    /** The seed every scene of the demo derives from (so the shipped detection start saw the demo's own source scenes). */
    static final long DATA_SEED = 2019;

    /** How the run reports progress (the command line draws bars from it). */
    public interface Progress {
        IntConsumer dataBar(String label, int total);

        TrainingRun.Listener trainingBar(String label, long iterations);

        void closeBar();

        void log(String line);
    }

    /** The demo's tasks, by name. */
    public static final List<String> TASKS = List.of("segmentation", "detection");
    /** Every target name of the demo's tasks (segmentation's one target is realistic). */
    public static final List<String> TARGETS = List.of("fog", "realistic");

    private final Path out;
    private final DemoPlan plan;
    private final Progress progress;
    private final List<String> tasks;
    private final boolean withOracle;
    private final DomainStyle targetStyle;
    /** The targets to run, by name (empty: every task's all). */
    private final Set<String> targetNames;
    /** Training passes of this run recomputed because they came out non-finite. */
    private long recomputed;

    public DemoRun(Path out, DemoPlan plan, Progress progress) {
        this(out, plan, progress, TASKS, true, DomainStyle.realistic(), Set.of());
    }

    /**
     * A run of some of the {@link #TASKS} only, maybe without oracles, maybe with another target look, maybe on the
     * targets named in {@code targetNames} only (a developer's shortcuts for experiments).
     */
    public DemoRun(Path out, DemoPlan plan, Progress progress, List<String> tasks, boolean oracle, DomainStyle targetStyle,
            Set<String> targetNames) {
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
        this.targetNames = Set.copyOf(targetNames);
    }

    public DemoReport.Content run(List<Long> seeds, String command, String version) {
        long start = System.nanoTime();
        for (String folder : List.of("data", "runs", "samples")) {
            deleteTree(out.resolve(folder));
        }
        DemoData.Spec spec = new DemoData.Spec(plan.width(), plan.height(), plan.sourceScenes(), plan.targetScenes(),
                plan.validationScenes(), DATA_SEED);
        int scenes = DemoData.sceneCount(spec);
        DemoData.Domains data = DemoData.write(out.resolve("data"), spec, DomainStyle.synthetic(), targetStyle,
                DomainStyle.fog(), progress.dataBar("generating scenes", scenes));
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
        recomputed = 0;
        for (DemoTask task : chosen) {
            Map<DemoTask.Target, Map<Method, Path>> firstSeed = new LinkedHashMap<>();
            List<DemoTrack> taskTracks = tracks(task, data, seeds, firstSeed);
            tracks.addAll(taskTracks);
            int t = 0;
            for (Map.Entry<DemoTask.Target, Map<Method, Path>> target : firstSeed.entrySet()) {
                samples.put(taskTracks.get(t++).task(), task.samples(target.getValue(), target.getKey(),
                        out.resolve("samples"), plan.sampleRows()));
            }
        }
        progress.log("non-finite training passes recomputed: " + recomputed);
        return new DemoReport.Content(command, version, plan.describe(), tracks, samples, (System.nanoTime() - start) / 1e9,
                recomputed);
    }

    /** A task's result name for one of its targets: the task's own name when it has a single target. */
    static String trackName(DemoTask task, DemoTask.Target target) {
        return task.targets().size() == 1 ? task.name() : task.name() + " (" + target.name() + ")";
    }

    /**
     * Every method of one task for every seed and target, then the references: the source-only model on held-out
     * source scenes, Tent and (with batch norm) batch statistics from the source-only model, and the oracle (trained
     * on the labelled target scenes for as many iterations as a method's training, the start included when the demo
     * trains it; from the shipped start otherwise). One track per target; the first seed's final checkpoints go to
     * {@code firstSeed}.
     */
    private List<DemoTrack> tracks(DemoTask task, DemoData.Domains data, List<Long> seeds,
            Map<DemoTask.Target, Map<Method, Path>> firstSeed) {
        String name = task.name().toLowerCase(Locale.ROOT);
        List<DemoTask.Target> targets = task.targets().stream()
                .filter(t -> targetNames.isEmpty() || targetNames.contains(t.name())).toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the " + name + " task has no target among " + new TreeSet<>(targetNames));
        }
        Map<DemoTask.Target, List<DemoTrack.Run>> runs = new LinkedHashMap<>();
        Map<DemoTask.Target, Map<DemoTrack.ReferenceRow, List<DemoTrack.Reference>>> references = new LinkedHashMap<>();
        for (DemoTask.Target target : targets) {
            runs.put(target, new ArrayList<>());
            references.put(target, new EnumMap<>(DemoTrack.ReferenceRow.class));
            firstSeed.put(target, new LinkedHashMap<>());
        }
        List<DemoTrack.Reference> sourceDomain = new ArrayList<>();
        for (long seed : seeds) {
            Path folder = out.resolve("runs").resolve(name).resolve("seed-" + seed);
            List<DemoTrack.CurvePoint> shared = new ArrayList<>();
            Path pretrained = counted(task.start(data.source(), seed, folder.resolve("pretrain"),
                    bar(name + " seed " + seed + ": source-only start", task.pretrainIterations(), 0, shared))).checkpoint();
            // source-only sees no target: one continuation serves every target
            List<DemoTrack.CurvePoint> sourceCurve = new ArrayList<>(shared);
            DemoTask.Trained sourceOnly = counted(task.train(Method.SOURCE_ONLY, data.source(), null, pretrained,
                    task.adaptIterations(), seed, folder.resolve(Method.SOURCE_ONLY.cliName()),
                    bar(name + " seed " + seed + ": " + DemoCharts.label(Method.SOURCE_ONLY), task.adaptIterations(),
                            task.pretrainIterations(), sourceCurve)));
            DemoTask.Score source = task.evaluate(sourceOnly.checkpoint(), data.sourceValidation());
            sourceDomain.add(new DemoTrack.Reference(seed, source.mean(), source.perClass()));
            progress.log(String.format(Locale.ROOT, "%s seed %d %-11s source %s %.2f", name, seed,
                    DemoCharts.label(Method.SOURCE_ONLY), task.metric(), 100 * source.mean()));
            for (DemoTask.Target target : targets) {
                String label = trackName(task, target).toLowerCase(Locale.ROOT);
                Path targetFolder = targets.size() == 1 ? folder : folder.resolve(target.name());
                for (Method method : METHODS) {
                    List<DemoTrack.CurvePoint> curve = method == Method.SOURCE_ONLY ? sourceCurve : new ArrayList<>(shared);
                    DemoTask.Trained trained = sourceOnly;
                    if (method != Method.SOURCE_ONLY) {
                        trained = counted(task.train(method, data.source(), target, pretrained, task.adaptIterations(),
                                seed, targetFolder.resolve(method.cliName()), bar(label + " seed " + seed + ": "
                                        + DemoCharts.label(method), task.adaptIterations(), task.pretrainIterations(), curve)));
                    }
                    DemoTask.Score score = task.evaluate(trained.checkpoint(), target.validation());
                    runs.get(target).add(new DemoTrack.Run(method, seed, score.mean(), score.perClass(), curve));
                    progress.log(String.format(Locale.ROOT, "%s seed %d %-11s target %s %.2f", label, seed,
                            DemoCharts.label(method), task.metric(), 100 * score.mean()));
                    if (seed == seeds.get(0)) {
                        firstSeed.get(target).put(method, trained.checkpoint());
                    }
                }
                TestTimeAdapter.Config tent = plan.testTime();
                reference(references.get(target), DemoTrack.ReferenceRow.TENT, label, seed, task,
                        task.evaluateTestTime(sourceOnly.checkpoint(), target.validation(), tent));
                if (task.hasBatchStatistics()) {
                    reference(references.get(target), DemoTrack.ReferenceRow.TARGET_STATISTICS, label, seed, task,
                            task.evaluateTestTime(sourceOnly.checkpoint(), target.validation(),
                                    new TestTimeAdapter.Config(0, tent.learningRate(), tent.episodic())));
                }
                if (withOracle) {
                    boolean fromStart = task.pretrainIterations() == 0;
                    long budget = task.pretrainIterations() + task.adaptIterations();
                    DemoTask.Trained oracle = counted(task.train(Method.SOURCE_ONLY, target.labelledTrain(), null,
                            fromStart ? pretrained : null, budget, seed, targetFolder.resolve(ORACLE),
                            bar(label + " seed " + seed + ": oracle", budget, 0, new ArrayList<>())));
                    reference(references.get(target), DemoTrack.ReferenceRow.ORACLE, label, seed, task,
                            task.evaluate(oracle.checkpoint(), target.validation()));
                }
            }
        }
        List<DemoTrack> tracks = new ArrayList<>();
        for (DemoTask.Target target : targets) {
            tracks.add(new DemoTrack(trackName(task, target), task.metric(), task.classes(), runs.get(target),
                    references.get(target), sourceDomain));
        }
        return tracks;
    }

    /** {@code trained}, its recomputed passes added to the run's count. */
    private DemoTask.Trained counted(DemoTask.Trained trained) {
        recomputed += trained.recomputed();
        return trained;
    }

    /** Records and logs one seed's score of a reference row. */
    private void reference(Map<DemoTrack.ReferenceRow, List<DemoTrack.Reference>> references, DemoTrack.ReferenceRow row,
            String name, long seed, DemoTask task, DemoTask.Score score) {
        references.computeIfAbsent(row, r -> new ArrayList<>()).add(new DemoTrack.Reference(seed, score.mean(), score.perClass()));
        progress.log(String.format(Locale.ROOT, "%s seed %d %-11s target %s %.2f", name, seed, row.key, task.metric(),
                100 * score.mean()));
    }

    /** A progress bar that also records the loss curve (moving averages, about 50 points per run); none for no iterations. */
    private TrainingRun.Listener bar(String label, long iterations, long offset, List<DemoTrack.CurvePoint> curve) {
        if (iterations == 0) {
            return (losses, seconds) -> { };
        }
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
    static DemoTask.Trained run(AdaptationTrainer trainer, BatchStream.Factory batches, long iterations, Path runDirectory,
            TrainingRun.Listener listener) {
        TrainingRun.Options options = new TrainingRun.Options(runDirectory, iterations, iterations, false, "advent demo");
        TrainingRun.prepare(trainer, options);
        TrainingRun.Result result = TrainingRun.run(trainer, batches, options, listener);
        return new DemoTask.Trained(result.lastSnapshot(), result.recomputed());
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
