package io.github.advent.tools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.LabelledImage;
import io.github.advent.eval.segmentation.PredictionFolder;
import io.github.advent.eval.segmentation.SegmentationEvaluator;
import io.github.advent.eval.segmentation.SyntheticCityscapes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code advent bench eval --arch deeplabv2-resnet101}: generates label / prediction PNG pairs in
 * the Cityscapes layout, then times {@code advent evaluate segmentation --predictions} on them,
 * in this process, as a user runs it (finding the files, decoding, counting, the JSON output).
 */
final class EvalBenchSegmentation {
    private EvalBenchSegmentation() {}

    static JsonObject run(int images, int width, int height, int threads, Path keep, String spark) {
        Path dir = keep;
        boolean temporary = keep == null;
        try {
            if (temporary) {
                dir = Files.createTempDirectory("advent-bench-eval-");
            } else {
                requireEmpty(keep);
            }
            Path root = dir.resolve("cityscapes");
            Path predictions = dir.resolve("predictions");
            long t0 = System.nanoTime();
            List<LabelledImage> generated;
            try (ProgressBar bar = new ProgressBar("generate", images)) {
                generated = SyntheticCityscapes.write(root, "val", predictions, images, width, height, 20190616,
                        threads, bar::set);
            }
            double generateSeconds = (System.nanoTime() - t0) / 1e9;

            // warm-up: the JIT and OpenCV's natives, on a few images, outside the timing
            List<LabelledImage> warm = generated.subList(0, Math.min(10, generated.size()));
            SegmentationEvaluator.evaluate(warm, PredictionFolder.index(predictions), ClassSet.CITYSCAPES_19,
                    SegmentationEvaluator.Options.withThreads(threads), SegmentationEvaluator.Progress.NONE);

            System.gc();
            boolean peakReset = EvalBenchMemory.resetPeak();
            long rssBefore = EvalBenchMemory.rss();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = AdventCli.newCommandLine(false);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            String[] args = {"evaluate", "segmentation", "--dataset", "cityscapes=" + root, "--split", "val",
                "--predictions", predictions.toString(), "--threads", Integer.toString(threads), "--json"};
            long start = System.nanoTime();
            int code = AdventCli.run(cli, args);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = EvalBenchMemory.peakRss();
            if (code != ExitCodes.OK) {
                throw new IllegalStateException("the timed evaluation failed (exit " + code + "): " + err.toString().strip());
            }
            JsonObject result = JsonParser.parseString(out.toString()).getAsJsonObject();
            JsonObject onSpark = spark == null ? null : timeOnSpark(args, spark);

            JsonObject o = new JsonObject();
            o.addProperty("benchmark", "evaluate segmentation --predictions");
            o.addProperty("images", images);
            o.addProperty("size", width + "x" + height);
            o.addProperty("threads", threads);
            o.addProperty("cores", Runtime.getRuntime().availableProcessors());
            o.addProperty("seconds", seconds);
            o.addProperty("seconds_per_image", seconds / images);
            o.addProperty("images_per_second", images / seconds);
            o.addProperty("peak_rss_mib", peak < 0 ? -1 : peak / 1048576.0);
            o.addProperty("rss_before_mib", rssBefore < 0 ? -1 : rssBefore / 1048576.0);
            o.addProperty("peak_rss_is_of_the_timed_run", peakReset);
            o.addProperty("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
            o.addProperty("generate_seconds", generateSeconds);
            o.addProperty("data_bytes", size(dir));
            o.add("miou", result.getAsJsonArray("means").get(0).getAsJsonObject().get("value"));
            o.addProperty("data", temporary ? null : dir.toAbsolutePath().toString());
            o.addProperty("java", System.getProperty("java.version"));
            if (onSpark != null) {
                double sparkSeconds = onSpark.get("seconds").getAsDouble();
                o.addProperty("spark", spark);
                o.addProperty("spark_seconds", sparkSeconds);
                o.addProperty("spark_over_single_process", sparkSeconds / seconds);
                o.add("spark_miou", onSpark.get("miou"));
                o.addProperty("spark_miou_identical", onSpark.get("miou").equals(o.get("miou")));
            }
            return o;
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot write the generated data: " + e.getMessage(), e);
        } finally {
            if (temporary && dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    /**
     * The same evaluation with {@code --spark master}, timed from the command's start (the Spark context's start-up
     * included, as a user waits for it): its seconds and mIoU.
     */
    private static JsonObject timeOnSpark(String[] args, String master) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AdventCli.newCommandLine(false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] sparkArgs = java.util.Arrays.copyOf(args, args.length + 2);
        sparkArgs[args.length] = "--spark";
        sparkArgs[args.length + 1] = master;
        long start = System.nanoTime();
        int code = AdventCli.run(cli, sparkArgs);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != ExitCodes.OK) {
            throw new IllegalStateException("the evaluation on Spark failed (exit " + code + "): " + err.toString().strip());
        }
        JsonObject result = JsonParser.parseString(out.toString()).getAsJsonObject();
        JsonObject o = new JsonObject();
        o.addProperty("seconds", seconds);
        o.add("miou", result.getAsJsonArray("means").get(0).getAsJsonObject().get("value"));
        return o;
    }

    static void requireEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException(dir, "--keep must be a folder");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new BadInputException(dir, "--keep folder is not empty; give a new or empty folder");
                }
            }
        }
        Files.createDirectories(dir);
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing the benchmark for
        }
    }
}
