package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.eval.segmentation.SyntheticCityscapes;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import io.github.advent.tools.fog.FogReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code --spark} command against the same command without it: the same numbers to the last digit, the same
 * files byte for byte, the same one-line errors. Run on two masters: Spark's local mode ({@link SparkCommandsTest}) and
 * a standalone cluster of two workers ({@link StandaloneClusterTest}).
 */
abstract class SparkCommandsCases {
    static final String[] SEGMENTATION_FRAMES = {"frankfurt_000000_000294", "frankfurt_000000_000576",
        "lindau_000000_000019", "lindau_000001_000019", "munster_000000_000019"};

    @TempDir
    static Path dir;
    static Path cityscapes;

    /** The master every {@code --spark} runs on; its parallelism is 2. */
    abstract String master();

    @BeforeAll
    static void data() {
        GradMode.disableOnThisThread();
        cityscapes = EvaluateCheckpointCommandTest.cityscapesVal(dir.resolve("cityscapes"), SEGMENTATION_FRAMES);
    }

    /**
     * An untrained narrow DeepLab whose heads have no bias, so that its logits, and the classes it predicts, vary from
     * pixel to pixel (with the init's biases one class wins everywhere).
     */
    static Path deeplab(Path file, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabV2 net = DeepLabV2.create(manager, DeepLabConfig.parse("deeplabv2-resnet14-w4", 19), new SplitMix64(seed));
            GradMode.noGrad(() -> net.stateDict().forEach((key, p) -> {
                if (key.startsWith("layer5.") || key.startsWith("layer6.")) {
                    if (key.endsWith(".bias")) {
                        Assign.values(p.getArray(), new float[Math.toIntExact(p.getArray().size())]);
                    }
                }
            }));
            DeepLabWeights.writeCheckpoint(file, net, "test");
        }
        return file;
    }

    /** How many classes the report's confusion matrix has predictions of. */
    private static int predictedClasses(JsonObject report) {
        int[] columns = new int[19];
        for (var row : report.getAsJsonArray("confusion_matrix")) {
            for (int c = 0; c < 19; c++) {
                columns[c] += row.getAsJsonArray().get(c).getAsLong() > 0 ? 1 : 0;
            }
        }
        return (int) java.util.Arrays.stream(columns).filter(n -> n > 0).count();
    }

    static CliRunner.Result ok(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    String[] withSpark(String... args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--spark";
        out[args.length + 1] = master();
        return out;
    }

    /** A report without what may differ: provenance (times, the command line) and the fact naming the cluster. */
    static JsonObject scores(CliRunner.Result r) {
        return scores(JsonParser.parseString(r.out()).getAsJsonObject());
    }

    static JsonObject scores(JsonObject report) {
        report.remove("provenance");
        if (report.has("facts")) {
            report.getAsJsonObject("facts").remove("cluster");
        }
        return report;
    }

    JsonObject assertSameScores(String... args) {
        JsonObject single = scores(ok(args));
        CliRunner.Result spark = ok(withSpark(args));
        assertTrue(JsonParser.parseString(spark.out()).getAsJsonObject().getAsJsonObject("facts").get("cluster")
                .getAsString().startsWith("spark " + master() + " (2 slots, Spark 3.5."), spark::toString);
        assertEquals(single, scores(spark));
        return single;
    }

    /** Every file under {@code root} by relative path, with its bytes. */
    static TreeMap<String, List<Byte>> files(Path root) throws IOException {
        TreeMap<String, List<Byte>> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                Byte[] boxed = new Byte[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    boxed[i] = bytes[i];
                }
                files.put(root.relativize(p).toString(), List.of(boxed));
            }
        }
        return files;
    }

    @Test
    void segmentationCheckpointAndEnsembleScoreTheSameOnSpark() {
        Path a = deeplab(dir.resolve("a.safetensors"), 1);
        Path b = deeplab(dir.resolve("b.safetensors"), 2);
        JsonObject one = assertSameScores("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", a.toString(), "--json", "--device", "cpu");
        assertTrue(predictedClasses(one) >= 3, one::toString);
        assertSameScores("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes, "--checkpoint", a + ":0.7",
                "--checkpoint", b + ":0.3", "--json", "--device", "cpu");
    }

    @Test
    void savedPredictionsScoreTheSameOnSpark() {
        Path root = dir.resolve("synthetic");
        Path predictions = dir.resolve("synthetic-predictions");
        SyntheticCityscapes.write(root, "val", predictions, 9, 96, 48, 7, 1, done -> { });
        assertSameScores("evaluate", "segmentation", "--dataset", "cityscapes=" + root, "--predictions",
                predictions.toString(), "--json");
    }

    @Test
    void aSweepScoresEverySnapshotTheSameAndKeepsItsCache() throws IOException {
        Path run = dir.resolve("run");
        Path snapshots = Files.createDirectories(run.resolve("snapshots"));
        for (int i = 1; i <= 3; i++) {
            deeplab(snapshots.resolve(String.format("iter_%06d.safetensors", 1000 * i)), 10 + i);
        }
        String[] sweep = {"evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes, "--checkpoint-dir",
            run.toString(), "--json", "--device", "cpu"};
        JsonObject single = scores(ok(sweep));
        Path cache = snapshots.resolve("advent-eval-cache.json");
        Files.delete(cache);
        CliRunner.Result spark = ok(withSpark(sweep));
        assertEquals(single, scores(spark));
        assertTrue(Files.exists(cache), "the sweep on Spark writes the cache");
        assertTrue(spark.err().contains("iteration 3000") && !spark.err().contains("(cached)"), spark::toString);
        CliRunner.Result again = ok(withSpark(sweep));
        assertEquals(3, again.err().split("\\(cached\\)", -1).length - 1, again::toString);
        JsonObject cached = scores(again);
        cached.getAsJsonObject("sweep").getAsJsonArray("points").forEach(p -> p.getAsJsonObject().addProperty("cached", false));
        assertEquals(single, cached);
        assertTrue(predictedClasses(single) >= 3, single::toString);
    }

    @Test
    void detectionApIsTheSameOnSpark() {
        Path root = dir.resolve("detection");
        String[] frames = EvaluateDetectionDatasetCommandTest.FRAMES;
        TinyDetectionData.cityscapes(root, "val", frames);
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        for (String metric : new String[] {"voc07", "coco50"}) {
            assertSameScores("evaluate", "detection", "--dataset", "cityscapes=" + root, "--checkpoint",
                    checkpoint.toString(), "--metric", metric, "--json", "--device", "cpu");
        }
    }

    @Test
    void predictionsAreTheSameFilesOnSpark() throws IOException {
        Path images = cityscapes.resolve("leftImg8bit/val");
        Path seg = deeplab(dir.resolve("predict.safetensors"), 3);
        ok("predict", "--checkpoint", seg.toString(), "--input", images.toString(), "--out", dir.resolve("p1").toString(),
                "--entropy", "--logits", "--device", "cpu");
        CliRunner.Result spark = ok(withSpark("predict", "--checkpoint", seg.toString(), "--input", images.toString(),
                "--out", dir.resolve("p2").toString(), "--entropy", "--logits", "--device", "cpu"));
        assertTrue(spark.err().contains("5 prediction(s) in "), spark::toString);
        assertEquals(files(dir.resolve("p1")), files(dir.resolve("p2")));
        assertEquals(4 * SEGMENTATION_FRAMES.length, files(dir.resolve("p2")).size(), "ids, colours, entropy, logits");

        Path ssd = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd-predict.safetensors"), 9);
        ok("predict", "--checkpoint", ssd.toString(), "--input", images.toString(), "--out", dir.resolve("d1").toString(),
                "--score-threshold", "0.1", "--device", "cpu");
        ok(withSpark("predict", "--checkpoint", ssd.toString(), "--input", images.toString(), "--out",
                dir.resolve("d2").toString(), "--score-threshold", "0.1", "--device", "cpu"));
        TreeMap<String, List<Byte>> written = files(dir.resolve("d2"));
        assertEquals(files(dir.resolve("d1")), written);
        assertTrue(written.containsKey("detections.json") && written.containsKey("images.json"), written::toString);
    }

    @Test
    void fogWritesTheSameImagesOnSpark() throws IOException {
        Path root = dir.resolve("fog-in");
        Random random = new Random(3);
        String camera = """
                {"extrinsic": {"baseline": 0.22, "pitch": 0.04, "z": 1.2},
                 "intrinsic": {"fx": 2260.0, "fy": 2260.0, "u0": 24.0, "v0": 16.0}}
                """;
        for (String frame : List.of("train/aachen/aachen_000000_000019", "train/aachen/aachen_000001_000019",
                "val/lindau/lindau_000000_000019", "val/lindau/lindau_000001_000019", "val/lindau/lindau_000002_000019")) {
            Images.writeRgb(root.resolve("leftImg8bit/" + frame + "_leftImg8bit.png"),
                    FogReference.randomImage(48, 32, 3, random.nextLong()));
            int[] disparity = new int[48 * 32];
            for (int i = 0; i < disparity.length; i++) {
                disparity[i] = random.nextInt(10) == 0 ? 0 : 1 + (i / 48) * 1024;
            }
            Images.writePng16(root.resolve("disparity/" + frame + "_disparity.png"), 48, 32, 1, disparity);
            TinyDetectionData.write(root.resolve("camera/" + frame + "_camera.json"), camera);
        }
        ok("fog", "--cityscapes", root.toString(), "--beta", "0.02", "--out", dir.resolve("f1").toString());
        CliRunner.Result spark = ok(withSpark("fog", "--cityscapes", root.toString(), "--beta", "0.02", "--out",
                dir.resolve("f2").toString(), "--json"));
        assertEquals(5, JsonParser.parseString(spark.out()).getAsJsonObject().get("frames").getAsInt());
        TreeMap<String, List<Byte>> written = files(dir.resolve("f2"));
        assertEquals(files(dir.resolve("f1")), written);
        assertEquals(5, written.size());
    }

    @Test
    void badInputOnAnExecutorIsTheSameOneLineAsWithoutSpark() throws IOException {
        Path broken = EvaluateCheckpointCommandTest.cityscapesVal(dir.resolve("broken"), SEGMENTATION_FRAMES);
        Path label = broken.resolve("gtFine/val/lindau/lindau_000001_000019_gtFine_labelIds.png");
        Files.write(label, new byte[] {1, 2, 3});
        Path a = deeplab(dir.resolve("broken.safetensors"), 4);
        String[] args = {"evaluate", "segmentation", "--dataset", "cityscapes=" + broken, "--checkpoint", a.toString(),
            "--device", "cpu"};
        CliRunner.Result single = CliRunner.run(args);
        CliRunner.Result spark = CliRunner.run(withSpark(args));
        assertEquals(1, single.code(), single::toString);
        assertEquals(1, spark.code(), spark::toString);
        assertTrue(single.err().contains(label.toString()), single::toString);
        assertEquals(single.err().strip(), spark.err().strip());
    }

    @Test
    void aMasterSparkCannotStartIsOneLine() {
        CliRunner.Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", deeplab(dir.resolve("master.safetensors"), 5).toString(), "--spark", "nonsense://x");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("advent: --spark nonsense://x: cannot start Spark: "), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }
}
