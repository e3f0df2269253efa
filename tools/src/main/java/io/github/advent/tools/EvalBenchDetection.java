package io.github.advent.tools;

import io.github.advent.entropy.io.Json;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine;

/**
 * {@code advent bench eval --arch ssd300-vgg16}: generates COCO ground truth (8 classes, about 10
 * boxes per image) and detections (hits near the boxes, duplicates, misses), then times
 * {@code advent evaluate detection} with each metric, in this process.
 */
final class EvalBenchDetection {
    private static final Gson GSON = Json.COMPACT;

    private EvalBenchDetection() {}

    static JsonObject run(int images, int width, int height, Path keep) {
        Path dir = keep;
        boolean temporary = keep == null;
        try {
            if (temporary) {
                dir = Files.createTempDirectory("advent-bench-eval-");
            } else {
                EvalBenchSegmentation.requireEmpty(keep);
            }
            Path gt = dir.resolve("gt.json");
            Path results = dir.resolve("results.json");
            int[] counts = generate(images, width, height, gt, results);
            JsonObject o = new JsonObject();
            o.addProperty("benchmark", "evaluate detection --ground-truth --detections");
            o.addProperty("images", images);
            o.addProperty("boxes", counts[0]);
            o.addProperty("detections", counts[1]);
            time(gt, results, "voc07"); // warm-up
            for (String metric : new String[] {"voc07", "voc", "coco50"}) {
                System.gc();
                long start = System.nanoTime();
                JsonObject r = time(gt, results, metric);
                double seconds = (System.nanoTime() - start) / 1e9;
                JsonObject m = new JsonObject();
                m.addProperty("seconds", seconds);
                m.addProperty("seconds_per_image", seconds / images);
                m.add("map", r.getAsJsonArray("means").get(0).getAsJsonObject().get("value"));
                o.add(metric, m);
            }
            o.addProperty("peak_rss_mib", EvalBenchMemory.peakRss() / 1048576.0);
            o.addProperty("data", temporary ? null : dir.toAbsolutePath().toString());
            return o;
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot write the generated data: " + e.getMessage(), e);
        } finally {
            if (temporary && dir != null) {
                EvalBenchSegmentation.deleteQuietly(dir);
            }
        }
    }

    private static JsonObject time(Path gt, Path results, String metric) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AdventCli.newCommandLine(false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = AdventCli.run(cli, new String[] {"evaluate", "detection", "--ground-truth", gt.toString(),
            "--detections", results.toString(), "--metric", metric, "--json"});
        if (code != ExitCodes.OK) {
            throw new IllegalStateException("the timed evaluation failed (exit " + code + "): " + err.toString().strip());
        }
        return JsonParser.parseString(out.toString()).getAsJsonObject();
    }

    /** Writes the two files; returns {boxes, detections}. */
    static int[] generate(int images, int width, int height, Path gt, Path results) throws IOException {
        SplittableRandom rng = new SplittableRandom(20190616);
        JsonArray imgs = new JsonArray();
        JsonArray anns = new JsonArray();
        JsonArray dets = new JsonArray();
        JsonArray cats = new JsonArray();
        String[] names = {"person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"};
        for (int c = 0; c < names.length; c++) {
            JsonObject cat = new JsonObject();
            cat.addProperty("id", c + 1);
            cat.addProperty("name", names[c]);
            cats.add(cat);
        }
        int annId = 1;
        for (int i = 0; i < images; i++) {
            JsonObject img = new JsonObject();
            img.addProperty("id", i + 1);
            img.addProperty("width", width);
            img.addProperty("height", height);
            imgs.add(img);
            int boxes = rng.nextInt(0, 20);
            for (int b = 0; b < boxes; b++) {
                int cat = 1 + rng.nextInt(names.length);
                double w = 8 + rng.nextInt(Math.max(1, width / 8));
                double h = 8 + rng.nextInt(Math.max(1, height / 6));
                double x = rng.nextDouble() * (width - w);
                double y = rng.nextDouble() * (height - h);
                JsonObject a = new JsonObject();
                a.addProperty("id", annId++);
                a.addProperty("image_id", i + 1);
                a.addProperty("category_id", cat);
                a.add("bbox", box(x, y, w, h));
                a.addProperty("area", w * h);
                a.addProperty("iscrowd", rng.nextInt(50) == 0 ? 1 : 0);
                anns.add(a);
                for (int k = rng.nextInt(0, 3); k > 0; k--) {
                    dets.add(det(i + 1, cat, x + rng.nextDouble() * w * 0.2 - w * 0.1,
                            y + rng.nextDouble() * h * 0.2 - h * 0.1, w, h, rng.nextDouble()));
                }
            }
            for (int k = rng.nextInt(0, 30); k > 0; k--) {
                double w = 8 + rng.nextInt(Math.max(1, width / 10));
                double h = 8 + rng.nextInt(Math.max(1, height / 8));
                dets.add(det(i + 1, 1 + rng.nextInt(names.length), rng.nextDouble() * (width - w),
                        rng.nextDouble() * (height - h), w, h, rng.nextDouble() * 0.6));
            }
        }
        JsonObject truth = new JsonObject();
        truth.add("images", imgs);
        truth.add("annotations", anns);
        truth.add("categories", cats);
        Files.writeString(gt, GSON.toJson(truth));
        Files.writeString(results, GSON.toJson(dets));
        return new int[] {anns.size(), dets.size()};
    }

    private static JsonArray box(double x, double y, double w, double h) {
        JsonArray a = new JsonArray();
        a.add(Math.round(x * 100) / 100.0);
        a.add(Math.round(y * 100) / 100.0);
        a.add(w);
        a.add(h);
        return a;
    }

    private static JsonObject det(int image, int cat, double x, double y, double w, double h, double score) {
        JsonObject d = new JsonObject();
        d.addProperty("image_id", image);
        d.addProperty("category_id", cat);
        d.add("bbox", box(Math.max(0, x), Math.max(0, y), w, h));
        d.addProperty("score", Math.round(score * 1e6) / 1e6);
        return d;
    }
}
