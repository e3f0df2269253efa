package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.segmentation.data.TinyData;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labelled folder is scored on the classes of its own label map, in evaluate, predict and adapt alike; ACDC's
 * 16:9 frames are fed to the network at their own aspect ratio.
 */
class OwnClassesCommandsTest {
    private static final int W = 12;
    private static final int H = 6;
    /** Label ids 1, 2, 3 are the classes sky, ground, tree; 0 is ignored on purpose. */
    private static final String LABELS = "# id trainId name\n0 255\n1 0 sky\n2 1 ground\n3 2 tree\n";

    @TempDir
    Path dir;

    /** A labelled folder of one image whose label has 4 columns of each id 1, 2, 3 and an ignored last row. */
    private Path folder(String name, String labels) throws Exception {
        Path root = dir.resolve(name);
        int[] ids = new int[W * H];
        int[] rgb = new int[W * H * 3];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i / W == H - 1 ? 0 : 1 + (i % W) / 4;
            rgb[3 * i] = ids[i] * 60;
            rgb[3 * i + 1] = (i * 13) % 256;
            rgb[3 * i + 2] = 200 - ids[i] * 50;
        }
        RawPng.rgb8(root.resolve("images/frame1.png"), W, H, rgb);
        RawPng.grey8(root.resolve("labels/frame1.png"), W, H, ids);
        Files.writeString(root.resolve("labels.txt"), labels);
        return root;
    }

    private Path checkpoint(int classes) {
        Path file = dir.resolve("model" + classes + ".safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabWeights.writeCheckpoint(file, DeepLabV2.create(manager,
                    DeepLabConfig.parse("deeplabv2-resnet14-w4", classes), new SplitMix64(5)), "test");
        }
        return file;
    }

    private static JsonObject json(CliRunner.Result r) {
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    @Test
    void savedPredictionsAreScoredOnTheFoldersOwnClasses() throws Exception {
        Path data = folder("own", LABELS);
        // every pixel predicted sky: sky IoU 20 / 60 (20 labelled sky, 60 predicted), ground and tree 0
        Path predictions = dir.resolve("pred");
        RawPng.grey8(predictions.resolve("frame1.png"), W, H, new int[W * H]);
        CliRunner.Result r = CliRunner.run("evaluate", "segmentation", "--dataset",
                "folder=" + data + ",labels=labels.txt", "--predictions", predictions.toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        JsonObject mean = json(r).getAsJsonArray("means").get(0).getAsJsonObject();
        assertEquals("mIoU-3", mean.get("name").getAsString());
        assertEquals((20.0 / 60) / 3, mean.get("value").getAsDouble(), 1e-9);
        assertTrue(r.out().contains("\"ground\"") && r.out().contains("\"tree\""), r::toString);
        JsonObject machine = json(r).getAsJsonObject("provenance").getAsJsonObject("machine");
        assertEquals(io.github.advent.entropy.util.MachineFacts.current().cpu(), machine.get("cpu").getAsString());
        assertEquals(io.github.advent.entropy.util.MachineFacts.current().onednnIsa(), machine.get("onednn_isa").getAsString());
    }

    @Test
    void aCheckpointIsScoredOnTheFoldersClassesAndPredictAgreesWithEvaluate() throws Exception {
        Path data = folder("own", LABELS);
        Path model = checkpoint(3);
        CliRunner.Result scored = CliRunner.run("evaluate", "segmentation", "--dataset",
                "folder=" + data + ",labels=labels.txt", "--checkpoint", model.toString(), "--json", "--device", "cpu");
        assertEquals(0, scored.code(), scored::toString);
        CliRunner.Result predicted = CliRunner.run("predict", "--checkpoint", model.toString(),
                "--input", data.resolve("images").toString(), "--out", dir.resolve("out").toString(), "--device", "cpu");
        assertEquals(0, predicted.code(), predicted::toString);
        CliRunner.Result fromFiles = CliRunner.run("evaluate", "segmentation", "--dataset",
                "folder=" + data + ",labels=labels.txt", "--predictions", dir.resolve("out/labelTrainIds").toString(),
                "--json");
        assertEquals(0, fromFiles.code(), fromFiles::toString);
        JsonArray means = json(scored).getAsJsonArray("means");
        assertEquals("mIoU-3", means.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(means, json(fromFiles).getAsJsonArray("means"));
    }

    @Test
    void aModelTrainedOnOneFolderIsScoredOnAnotherWithTheSameLabelMap() throws Exception {
        Path source = folder("source", LABELS);
        Path other = folder("other", LABELS);
        Path run = dir.resolve("run");
        CliRunner.Result trained = CliRunner.run("train", "segmentation", "--method", "minent", "--arch",
                "deeplabv2-resnet14-w4", "--source", "folder=" + source + ",labels=labels.txt", "--target",
                "folder=" + other, "--out", run.toString(), "--iterations", "1", "--device", "cpu");
        assertEquals(0, trained.code(), trained::toString);
        CliRunner.Result scored = CliRunner.run("evaluate", "segmentation", "--dataset",
                "folder=" + other + ",labels=labels.txt", "--checkpoint",
                io.github.advent.entropy.train.TrainingRun.snapshotPath(run, 1).toString(), "--json", "--device", "cpu");
        assertEquals(0, scored.code(), scored::toString);
        assertEquals("mIoU-3", json(scored).getAsJsonArray("means").get(0).getAsJsonObject().get("name").getAsString());
        CliRunner.Result twoClassTarget = CliRunner.run("train", "segmentation", "--method", "minent", "--arch",
                "deeplabv2-resnet14-w4", "--source", "folder=" + source + ",labels=labels.txt", "--target",
                "folder=" + folder("two", "1 0 sky\n2 1 ground\n") + ",labels=labels.txt", "--out",
                dir.resolve("run2").toString(), "--iterations", "1", "--device", "cpu");
        assertEquals(1, twoClassTarget.code(), twoClassTarget::toString);
        assertTrue(twoClassTarget.err().contains(dir.resolve("two/labels.txt") + ": names 2 classes, but the source's"
                + " label map (labels.txt) has 3"), twoClassTarget::toString);
    }

    @Test
    void aModelOfOtherClassesIsRefusedNamingTheLabelMap() throws Exception {
        Path data = folder("two", "1 0 sky\n2 1 ground\n3 1 ground\n");
        Path model = checkpoint(3);
        CliRunner.Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "folder=" + data + ",labels=labels.txt",
                "--checkpoint", model.toString(), "--device", "cpu");
        EvaluateCommandTest.assertBadInput(r, data.resolve("labels.txt"), "names 2 classes, but " + model
                + " predicts 3; score a model trained on these classes");
        CliRunner.Result adapt = CliRunner.run("adapt", "--checkpoint", model.toString(), "--target",
                "folder=" + data + ",labels=labels.txt", "--out", dir.resolve("adapted").toString(), "--device", "cpu");
        EvaluateCommandTest.assertBadInput(adapt, data.resolve("labels.txt"), "names 2 classes, but " + model
                + " (the model) has 3; give a label map of those classes");
    }

    @Test
    void acdcFramesKeepTheirAspectRatioUnlessASizeIsGiven() {
        Path acdc = TinyData.acdc(dir.resolve("acdc"), "fog", "val", "_gt_labelTrainIds.png", "GOPR0475_frame_000041");
        Path model = checkpoint(19);
        for (List<String> c : List.of(List.of("", "input 960x540,"), List.of(",size=32x18", "input 32x18,"))) {
            CliRunner.Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "acdc=" + acdc + ",condition=fog"
                    + c.get(0), "--checkpoint", model.toString(), "--json", "--device", "cpu");
            assertEquals(0, r.code(), r::toString);
            String protocol = json(r).getAsJsonObject("facts").get("protocol").getAsString();
            assertTrue(protocol.startsWith(c.get(1)), protocol);
        }
    }
}
