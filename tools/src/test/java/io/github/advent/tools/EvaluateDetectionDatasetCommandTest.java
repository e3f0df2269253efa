package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.ObjectBox;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code advent evaluate detection --dataset} end to end on a generated Foggy Cityscapes val tree with an
 * untrained narrow SSD (the AP itself is meaningless; the files, their structure and the agreement with
 * {@code --ground-truth --detections} are the point).
 */
class EvaluateDetectionDatasetCommandTest {
    static final String[] FRAMES = {"frankfurt_000000_000294", "lindau_000001_000019", "munster_000002_000019"};

    @TempDir
    static Path dir;
    static Path root;
    static Path checkpoint;

    @BeforeAll
    static void treeAndCheckpoint() {
        GradMode.disableOnThisThread();
        root = dir.resolve("cs");
        TinyDetectionData.gtFine(root, "val", FRAMES);
        TinyDetectionData.foggy(root, "val", "0.02", FRAMES);
        checkpoint = tinyCheckpoint(dir.resolve("ssd-w2.safetensors"), 9);
    }

    static Path tinyCheckpoint(Path file, int classes) {
        return tinyCheckpoint(file, classes, false);
    }

    /**
     * An untrained ssd300-vgg16-w2; with {@code uniform} its confidence heads are zeroed, so that every class of
     * every box scores exactly 1 / classes.
     */
    static Path tinyCheckpoint(Path file, int classes, boolean uniform) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Ssd300 network = Ssd300.create(manager, new SsdConfig(32, classes), new SplitMix64(5));
            if (uniform) {
                network.stateDict().forEach((key, p) -> {
                    if (key.startsWith("conf.")) {
                        Assign.values(p.getArray(), new float[Math.toIntExact(p.getArray().size())]);
                    }
                });
            }
            SsdWeights.writeCheckpoint(file, network, "test");
        }
        return file;
    }

    private static JsonObject json(CliRunner.Result r) {
        assertEquals(0, r.code(), r::toString);
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static JsonElement read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file));
    }

    @Test
    void checkpointRunWritesCocoFilesThatScoreTheSameWithEveryMetric() throws IOException {
        for (String metric : List.of("voc07", "coco50")) {
            Path report = dir.resolve("report-" + metric);
            JsonObject direct = json(CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root
                    + ",beta=0.02", "--checkpoint", checkpoint.toString(), "--metric", metric, "--report", report.toString(),
                    "--json", "--device", "cpu"));
            assertEquals(metric, direct.get("metric").getAsString());
            Path detections = report.resolve("detections.json");
            Path truth = report.resolve("ground_truth.json");
            assertTrue(Files.exists(report.resolve("result.json")) && Files.exists(report.resolve("index.html")));
            JsonObject again = json(CliRunner.run("evaluate", "detection", "--ground-truth", truth.toString(),
                    "--detections", detections.toString(), "--metric", metric, "--json"));
            assertEquals(direct.getAsJsonArray("classes"), again.getAsJsonArray("classes"));
            assertEquals(direct.getAsJsonArray("means").get(0).getAsJsonObject().get("value"),
                    again.getAsJsonArray("means").get(0).getAsJsonObject().get("value"));
            JsonObject saved = json(CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root,
                    "--split", "val", "--detections", detections.toString(), "--metric", metric, "--json"));
            assertEquals(direct.getAsJsonArray("classes"), saved.getAsJsonArray("classes"));
        }
    }

    @Test
    void groundTruthAndResultsFilesHaveCocoStructure() throws IOException {
        Path results = dir.resolve("out/foggy-val.json");
        CliRunner.Result r = CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root,
                "--checkpoint", checkpoint.toString(), "--results", results.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("voc07 - PASCAL VOC07 11-point AP"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("mAP")), r::toString);
        assertTrue(r.err().contains("foggy-val_ground_truth.json"), r::toString);

        JsonObject truth = read(dir.resolve("out/foggy-val_ground_truth.json")).getAsJsonObject();
        JsonArray images = truth.getAsJsonArray("images");
        assertEquals(3, images.size());
        for (int i = 0; i < FRAMES.length; i++) {
            JsonObject image = images.get(i).getAsJsonObject();
            assertEquals(i + 1, image.get("id").getAsInt(), "ids: 1 + position, frames sorted");
            assertEquals("leftImg8bit_foggy/val/" + TinyDetectionData.city(FRAMES[i]) + "/" + FRAMES[i]
                    + "_leftImg8bit_foggy_beta_0.02.png", image.get("file_name").getAsString());
            assertEquals(TinyDetectionData.W, image.get("width").getAsInt());
            assertEquals(TinyDetectionData.H, image.get("height").getAsInt());
        }
        JsonArray categories = truth.getAsJsonArray("categories");
        assertEquals(8, categories.size());
        assertEquals("person", categories.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(8, categories.get(7).getAsJsonObject().get("id").getAsInt());
        JsonArray annotations = truth.getAsJsonArray("annotations");
        ObjectBox[] expected = TinyDetectionData.expectedInstanceBoxes();
        assertEquals(3 * expected.length, annotations.size());
        for (int k = 0; k < annotations.size(); k++) {
            JsonObject a = annotations.get(k).getAsJsonObject();
            ObjectBox e = expected[k % expected.length];
            assertEquals(k + 1, a.get("id").getAsInt());
            assertEquals(k / expected.length + 1, a.get("image_id").getAsInt());
            assertEquals(e.classIndex(), a.get("category_id").getAsInt());
            JsonArray bbox = a.getAsJsonArray("bbox");
            assertEquals(List.of((double) e.x1(), (double) e.y1(), (double) e.width(), (double) e.height()),
                    List.of(bbox.get(0).getAsDouble(), bbox.get(1).getAsDouble(), bbox.get(2).getAsDouble(),
                            bbox.get(3).getAsDouble()));
            assertEquals(0, a.get("iscrowd").getAsInt());
        }

        JsonArray detections = read(results).getAsJsonArray();
        assertTrue(detections.size() > 0);
        for (JsonElement element : detections) {
            JsonObject d = element.getAsJsonObject();
            int image = d.get("image_id").getAsInt();
            int category = d.get("category_id").getAsInt();
            JsonArray b = d.getAsJsonArray("bbox");
            double score = d.get("score").getAsDouble();
            assertTrue(image >= 1 && image <= 3 && category >= 1 && category <= 8 && score > 0.01 && score <= 1, d::toString);
            assertTrue(b.get(0).getAsDouble() >= 0 && b.get(1).getAsDouble() >= 0 && b.get(2).getAsDouble() >= 0
                    && b.get(0).getAsDouble() + b.get(2).getAsDouble() <= TinyDetectionData.W + 1e-9
                    && b.get(1).getAsDouble() + b.get(3).getAsDouble() <= TinyDetectionData.H + 1e-9, d::toString);
        }
    }

    @Test
    void savedDetectionsScoreAsWorkedOutByHand() throws IOException {
        // image 1: the person and the car exactly; image 2: a person where there is none, the car exactly
        Path saved = Files.writeString(dir.resolve("hand.json"), "["
                + "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [2, 3, 4, 7], \"score\": 0.9},"
                + "{\"image_id\": 1, \"category_id\": 3, \"bbox\": [10, 11, 11, 4], \"score\": 0.8},"
                + "{\"image_id\": 2, \"category_id\": 1, \"bbox\": [30, 10, 5, 8], \"score\": 0.95},"
                + "{\"image_id\": 2, \"category_id\": 3, \"bbox\": [10, 11, 11, 4], \"score\": 0.7}]");
        Path report = dir.resolve("report-hand");
        JsonObject scored = json(CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root,
                "--detections", saved.toString(), "--report", report.toString(), "--json"));
        JsonArray classes = scored.getAsJsonArray("classes");
        // person: FP then TP of 3 boxes, precision 1/2 up to recall 1/3: 4 of 11 points; car: 2 TPs, 7 of 11 points
        assertEquals(2.0 / 11, classes.get(0).getAsJsonObject().get("ap").getAsDouble(), 1e-12);
        assertEquals(0.0, classes.get(1).getAsJsonObject().get("ap").getAsDouble());
        assertEquals(7.0 / 11, classes.get(2).getAsJsonObject().get("ap").getAsDouble(), 1e-12);
        assertEquals(9.0 / 44, scored.getAsJsonArray("means").get(0).getAsJsonObject().get("value").getAsDouble(), 1e-12);
        JsonObject again = json(CliRunner.run("evaluate", "detection", "--ground-truth",
                report.resolve("ground_truth.json").toString(), "--detections", saved.toString(), "--json"));
        assertEquals(classes, again.getAsJsonArray("classes"));
    }

    @Test
    void aCheckpointForOtherClassesIsBadInputNamingIt() {
        Path other = tinyCheckpoint(dir.resolve("ssd-w2-voc.safetensors"), 21);
        CliRunner.Result r = CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root + ",split=val",
                "--checkpoint", other.toString(), "--device", "cpu");
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("advent: " + other + ": predicts 20 classes plus the background; foggy-cityscapes has 8"
                + " (person, rider, car, truck, bus, train, motorcycle, bicycle)"), r.errLines());

        Path segmentation = dir.resolve("deeplab.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabWeights.writeCheckpoint(segmentation, DeepLabV2.create(manager,
                    DeepLabConfig.parse("deeplabv2-resnet14-w4", 19), new SplitMix64(3)), "test");
        }
        CliRunner.Result deeplab = CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root,
                "--checkpoint", segmentation.toString());
        assertEquals(List.of("advent: " + segmentation + ": is a checkpoint of 'deeplabv2-resnet14-w4' with 19 classes,"
                + " not an SSD detector"), deeplab.errLines());
    }

    @Test
    void aMissingSplitIsBadInputNamingTheFolder() {
        CliRunner.Result r = CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root,
                "--split", "test", "--checkpoint", checkpoint.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains(root.toString()) && r.err().contains("test"), r::toString);
    }
}
