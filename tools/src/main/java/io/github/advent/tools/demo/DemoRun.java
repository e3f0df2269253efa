package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.segmentation.SegmentationPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The whole demo: generate both domains, train every method for every seed, score them on the
 * held-out target scenes, and collect what the report shows. Writes under its output folder only:
 * {@code data/} (the generated datasets), {@code runs/} (each training run, as {@code advent train}
 * writes it) and {@code samples/} (the report's pictures); these are replaced on each run.
 */
public final class DemoRun {
    public static final List<Method> METHODS = List.of(Method.SOURCE_ONLY, Method.MINENT, Method.ADVENT);
    static final String SEGMENTATION = "Segmentation";

    /** How the run reports progress (the command line draws bars from it). */
    public interface Progress {
        IntConsumer dataBar(String label, int total);

        TrainingRun.Listener trainingBar(String label, long iterations);

        void closeBar();

        void log(String line);
    }

    private final Path out;
    private final DemoPlan plan;
    private final Progress progress;

    public DemoRun(Path out, DemoPlan plan, Progress progress) {
        this.out = out;
        this.plan = plan;
        this.progress = progress;
    }

    public DemoReport.Content run(List<Long> seeds, String command, String version) {
        long start = System.nanoTime();
        for (String folder : List.of("data", "runs", "samples")) {
            deleteTree(out.resolve(folder));
        }
        DemoData.Spec spec = new DemoData.Spec(plan.width(), plan.height(), plan.sourceScenes(), plan.targetScenes(),
                plan.validationScenes(), 2019);
        int scenes = spec.sourceScenes() + spec.targetScenes() + spec.validationScenes();
        DemoData.Domains data = DemoData.write(out.resolve("data"), spec, DomainStyle.synthetic(), DomainStyle.realistic(),
                progress.dataBar("generating scenes", scenes));
        progress.closeBar();
        progress.log("data: " + scenes + " scenes in " + out.resolve("data"));

        List<DemoTrack.Run> segmentationRuns = new ArrayList<>();
        Map<Method, Path> firstSeedCheckpoints = new LinkedHashMap<>();
        for (long seed : seeds) {
            Path runs = out.resolve("runs").resolve("segmentation").resolve("seed-" + seed);
            Path pretrained = DemoSegmentation.train(data, settings(plan.pretrainIterations()), Method.SOURCE_ONLY, null,
                    seed, runs.resolve("pretrain"), bar("segmentation seed " + seed + ": source-only start",
                            plan.pretrainIterations(), 0, new ArrayList<>()));
            for (Method method : METHODS) {
                List<DemoTrack.CurvePoint> curve = new ArrayList<>();
                Path checkpoint = DemoSegmentation.train(data, settings(plan.adaptIterations()), method, pretrained, seed,
                        runs.resolve(method.cliName()), bar("segmentation seed " + seed + ": " + DemoCharts.label(method),
                                plan.adaptIterations(), plan.pretrainIterations(), curve));
                ConfusionMatrix matrix = DemoSegmentation.evaluate(checkpoint, data.validation());
                double[] iou = matrix.iou();
                segmentationRuns.add(new DemoTrack.Run(method, seed, nanMean(iou), iou, curve));
                progress.log(String.format(java.util.Locale.ROOT, "segmentation seed %d %-11s target mIoU %.2f",
                        seed, DemoCharts.label(method), 100 * nanMean(iou)));
                if (seed == seeds.get(0)) {
                    firstSeedCheckpoints.put(method, checkpoint);
                }
            }
        }
        DemoTrack segmentation = new DemoTrack(SEGMENTATION, "mIoU", DemoClass.labels(), segmentationRuns);
        Map<String, List<DemoReport.SampleRow>> samples = new LinkedHashMap<>();
        samples.put(SEGMENTATION, segmentationSamples(data.validation(), firstSeedCheckpoints));
        return new DemoReport.Content(command, version, plan.describe(), List.of(segmentation), samples,
                (System.nanoTime() - start) / 1e9);
    }

    private DemoSegmentation.Settings settings(long iterations) {
        return new DemoSegmentation.Settings(plan.segmentationArchitecture(), iterations, plan.learningRate(),
                plan.discriminatorLearningRate(), plan.lambdas());
    }

    /** A progress bar that also records the loss curve (moving averages, a point every few iterations). */
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

    private List<DemoReport.SampleRow> segmentationSamples(DemoData.Split validation, Map<Method, Path> checkpoints) {
        Path folder = out.resolve("samples");
        List<Path> images = list(validation.root().resolve("images"));
        List<DemoReport.SampleRow> rows = new ArrayList<>();
        Map<Method, SegmentationPredictor> predictors = new LinkedHashMap<>();
        try {
            for (Map.Entry<Method, Path> checkpoint : checkpoints.entrySet()) {
                predictors.put(checkpoint.getKey(), new SegmentationPredictor(checkpoint.getValue(), ai.djl.Device.cpu(),
                        plan.width(), plan.height()));
            }
            for (int k = 0; k < Math.min(plan.sampleRows(), images.size()); k++) {
                Path file = images.get(k);
                Image8 image = Images.readRgb(file);
                int[] truth = Images.readGrey(validation.root().resolve("labels").resolve(file.getFileName())).values();
                List<Map.Entry<String, String>> tiles = new ArrayList<>();
                tiles.add(Map.entry("target image", tile(folder, "seg" + k + "_image.png", image)));
                tiles.add(Map.entry("ground truth", tile(folder, "seg" + k + "_truth.png",
                        DemoImages.palette(truth, image.width(), image.height()))));
                for (Map.Entry<Method, SegmentationPredictor> predictor : predictors.entrySet()) {
                    SegmentationPredictor.Prediction prediction = predictor.getValue().predict(image, true, false);
                    String name = predictor.getKey().cliName();
                    String label = DemoCharts.label(predictor.getKey());
                    tiles.add(Map.entry(label, tile(folder, "seg" + k + "_" + name + ".png",
                            DemoImages.palette(prediction.trainIds(), image.width(), image.height()))));
                    tiles.add(Map.entry(label + " entropy", tile(folder, "seg" + k + "_" + name + "_entropy.png",
                            DemoImages.heat(prediction.entropy(), image.width(), image.height()))));
                }
                rows.add(new DemoReport.SampleRow(file.getFileName().toString(), tiles));
            }
        } finally {
            predictors.values().forEach(SegmentationPredictor::close);
        }
        return rows;
    }

    private static String tile(Path folder, String name, Image8 image) {
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

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
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
