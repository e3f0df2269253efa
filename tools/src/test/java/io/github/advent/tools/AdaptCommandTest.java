package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code advent adapt}: Tent for both tasks through one loop; its outputs score with the normal evaluation. */
class AdaptCommandTest {
    static final String[] FRAMES = {"frankfurt_000000_000294", "lindau_000001_000019", "munster_000002_000019"};

    @TempDir
    Path dir;

    /** Three Foggy Cityscapes val frames (beta 0.02) with their gtFine boxes. */
    private Path foggyVal() {
        GradMode.disableOnThisThread();
        Path root = dir.resolve("cs");
        TinyDetectionData.gtFine(root, "val", FRAMES);
        TinyDetectionData.foggy(root, "val", "0.02", FRAMES);
        return root;
    }

    private static JsonObject json(CliRunner.Result r) {
        assertEquals(0, r.code(), r::toString);
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** SSD has no batch norm, so Tent without steps is the plain detector: the same detections, ids included. */
    @Test
    void detectionWithoutStepsWritesExactlyTheDetectionsEvaluateMakes() throws IOException {
        Path root = foggyVal();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        Path out = dir.resolve("adapted");
        CliRunner.Result r = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "foggy-cityscapes=" + root + ",beta=0.02", "--out", out.toString(), "--steps", "0", "--device", "cpu");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("adapted on 3 image(s) in 3 batch(es)"), r::toString);
        Path direct = dir.resolve("direct.json");
        JsonObject scored = json(CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root
                + ",beta=0.02", "--checkpoint", checkpoint.toString(), "--results", direct.toString(), "--json"));
        assertEquals(JsonParser.parseString(Files.readString(direct)),
                JsonParser.parseString(Files.readString(out.resolve("detections.json"))));
        JsonObject saved = json(CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root
                + ",beta=0.02", "--detections", out.resolve("detections.json").toString(), "--json"));
        assertEquals(scored.getAsJsonArray("classes"), saved.getAsJsonArray("classes"));
        assertTrue(Files.exists(out.resolve("leftImg8bit_foggy/val/frankfurt/frankfurt_000000_000294_leftImg8bit_foggy_beta_0.02_boxes.png")));
    }

    /** One Tent step per batch changes L2Norm's scale, SSD's only normalisation parameter, and nothing else. */
    @Test
    void detectionAdaptsOnlyTheL2NormScaleAndSavesACheckpointEvaluateReads() throws IOException {
        Path root = foggyVal();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        Path out = dir.resolve("adapted");
        CliRunner.Result r = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "foggy-cityscapes=" + root, "--out", out.toString(), "--batch", "2", "--save-checkpoint", "--lr", "0.01");
        assertEquals(0, r.code(), r::toString);
        List<String> csv = Files.readAllLines(out.resolve("entropy.csv"));
        assertEquals(List.of("batch", "first_image", "images", "entropy_before", "entropy_after"), List.of(csv.get(0).split(",")));
        assertEquals(3, csv.size(), "two batches: 2 + 1 images");
        assertTrue(csv.get(1).startsWith("0,0,2,") && csv.get(2).startsWith("1,2,1,"), csv::toString);
        assertChangedOnly(checkpoint, out.resolve("adapted.safetensors"), key -> key.endsWith("L2Norm.weight"));
        json(CliRunner.run("evaluate", "detection", "--dataset", "foggy-cityscapes=" + root, "--checkpoint",
                out.resolve("adapted.safetensors").toString(), "--json"));
    }

    @Test
    void segmentationAdaptsBatchNormAffineOnlyAndItsPredictionsScore() throws IOException {
        GradMode.disableOnThisThread();
        Path cityscapes = EvaluateCheckpointCommandTest.cityscapesVal(dir.resolve("cityscapes"), "frankfurt_000000_000294",
                "lindau_000001_000019");
        Path checkpoint = dir.resolve("deeplab.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabWeights.writeCheckpoint(checkpoint, DeepLabV2.create(manager,
                    DeepLabConfig.parse("deeplabv2-resnet14-w4", 19), new SplitMix64(3)), "test");
        }
        Path out = dir.resolve("adapted");
        CliRunner.Result r = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "cityscapes=" + cityscapes, "--out", out.toString(), "--save-checkpoint");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.exists(out.resolve("labelTrainIds/leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png")));
        assertTrue(Files.exists(out.resolve("color/leftImg8bit/val/lindau/lindau_000001_000019_leftImg8bit_color.png")));
        JsonObject scored = json(CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--predictions", out.resolve("labelTrainIds").toString(), "--json"));
        assertEquals(2, scored.getAsJsonObject("facts").get("images").getAsInt(), scored::toString);
        assertChangedOnly(checkpoint, out.resolve("adapted.safetensors"),
                key -> (key.contains("bn") || key.contains("downsample.1")) && (key.endsWith(".weight") || key.endsWith(".bias")));
        json(CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes, "--checkpoint",
                out.resolve("adapted.safetensors").toString(), "--json"));
    }

    /** At lr 1e38 one step sends L2Norm's scale to ±1e38: the logits overflow, the entropy is NaN and the run stops, naming the batch. */
    @Test
    void aNonFiniteEntropyStopsTheRunWithOneLineNamingTheImages() {
        Path root = foggyVal();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        CliRunner.Result r = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "foggy-cityscapes=" + root, "--out", dir.resolve("o").toString(), "--lr", "1e38");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("advent: test-time adaptation: after the update on batch 0 the entropy of its"
                + " predictions is NaN: the model diverged and the run stops (try a lower --lr) (images:"
                + " leftImg8bit_foggy/val/frankfurt/frankfurt_000000_000294_leftImg8bit_foggy_beta_0.02.png)"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }

    @Test
    void badOptionsAreUsageErrorsAndABadCheckpointIsBadInput() {
        GradMode.disableOnThisThread();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        Path root = dir.resolve("cs");
        CliRunner.Result batch = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "foggy-cityscapes=" + root, "--out", dir.resolve("o").toString(), "--batch", "0");
        assertEquals(2, batch.code(), batch::toString);
        assertTrue(batch.err().contains("--batch must be at least 1, got 0"), batch::toString);
        CliRunner.Result lr = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "foggy-cityscapes=" + root, "--out", dir.resolve("o").toString(), "--lr", "-1");
        assertEquals(2, lr.code(), lr::toString);
        assertTrue(lr.err().contains("--lr must be a positive number, got -1.0"), lr::toString);
        CliRunner.Result role = CliRunner.run("adapt", "--checkpoint", checkpoint.toString(), "--target",
                "gta5=" + root, "--out", dir.resolve("o").toString());
        assertEquals(2, role.code(), role::toString);
        assertTrue(role.err().contains("--target: 'gta5' cannot be a detection target"), role::toString);
        Path missing = dir.resolve("missing.safetensors");
        CliRunner.Result bad = CliRunner.run("adapt", "--checkpoint", missing.toString(), "--target",
                "foggy-cityscapes=" + root, "--out", dir.resolve("o").toString());
        assertEquals(1, bad.code(), bad::toString);
        assertTrue(bad.err().contains(missing.toString()), bad::toString);
    }

    /** Every tensor of {@code adapted} equals {@code original}'s bit for bit, except those {@code changed} names, which differ. */
    private static void assertChangedOnly(Path original, Path adapted, java.util.function.Predicate<String> changed) {
        Map<String, TensorData> before = WeightFiles.read(original);
        Map<String, TensorData> after = WeightFiles.read(adapted);
        assertEquals(before.keySet(), after.keySet());
        int differing = 0;
        for (Map.Entry<String, TensorData> e : before.entrySet()) {
            float[] a = e.getValue().toFloatArray();
            float[] b = after.get(e.getKey()).toFloatArray();
            if (changed.test(e.getKey())) {
                differing += java.util.Arrays.equals(a, b) ? 0 : 1;
            } else {
                assertArrayEquals(a, b, e.getKey() + " changed");
            }
        }
        assertTrue(differing > 0, "nothing was adapted");
    }
}
