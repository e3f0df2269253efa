package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate segmentation --checkpoint ...} and {@code --checkpoint-dir} on a generated Cityscapes val split. */
class EvaluateCheckpointCommandTest {
    @TempDir
    Path dir;

    private Path cityscapes;

    @BeforeEach
    void data() {
        GradMode.disableOnThisThread();
        cityscapes = cityscapesVal(dir.resolve("cityscapes"), "frankfurt_000000_000294", "lindau_000000_000019");
    }

    /** Cityscapes val in the official layout, 64x32, labels in ids 0-33 only (road, sidewalk, car, sky, unlabeled). */
    static Path cityscapesVal(Path cityscapes, String... frames) {
        int w = 64;
        int h = 32;
        int[] ids = {7, 8, 26, 23, 0};
        for (String frame : frames) {
            String city = frame.substring(0, frame.indexOf('_'));
            int[] rgb = new int[w * h * 3];
            int[] labels = new int[w * h];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = ids[(i % w) * ids.length / w];
                rgb[3 * i] = (i * 7) % 256;
                rgb[3 * i + 1] = labels[i] * 9;
                rgb[3 * i + 2] = (i / w) * 8;
            }
            RawPng.rgb8(cityscapes.resolve("leftImg8bit/val/" + city + "/" + frame + "_leftImg8bit.png"), w, h, rgb);
            RawPng.grey8(cityscapes.resolve("gtFine/val/" + city + "/" + frame + "_gtFine_labelIds.png"), w, h, labels);
        }
        return cityscapes;
    }

    private Path checkpoint(Path file, int classes, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabV2 net = DeepLabV2.create(manager, DeepLabConfig.parse("deeplabv2-resnet14-w4", classes),
                    new SplitMix64(seed));
            DeepLabWeights.writeCheckpoint(file, net, "test");
        }
        return file;
    }

    private static JsonObject json(CliRunner.Result r) {
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    @Test
    void scoresACheckpointAndAnEnsembleAndRefusesAMismatchedClassSet() {
        Path a = checkpoint(dir.resolve("a.safetensors"), 19, 1);
        Path b = checkpoint(dir.resolve("b.safetensors"), 19, 2);
        CliRunner.Result single = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", a.toString(), "--json", "--device", "cpu");
        assertEquals(0, single.code(), single::toString);
        assertTrue(single.out().contains("mIoU-19"), single::toString);
        CliRunner.Result ensemble = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", a + ":0.5", "--checkpoint", b + ":0.5", "--json", "--device", "cpu");
        assertEquals(0, ensemble.code(), ensemble::toString);
        assertTrue(json(ensemble).toString().contains(b.toAbsolutePath().toString()), "provenance names both checkpoints");
        Path sixteen = checkpoint(dir.resolve("synthia.safetensors"), 16, 3);
        CliRunner.Result mismatch = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", sixteen.toString(), "--classes", "19", "--device", "cpu");
        assertEquals(1, mismatch.code(), mismatch::toString);
        assertTrue(mismatch.err().contains("16 classes"), mismatch::toString);
    }

    @Test
    void sweepsEverySnapshotOnceThenUsesTheCache() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(TrainingRun.snapshotDirectory(run));
        checkpoint(TrainingRun.snapshotPath(run, 2), 19, 1);
        checkpoint(TrainingRun.snapshotPath(run, 4), 19, 2);
        String[] args = {"evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes, "--checkpoint-dir",
            run.toString(), "--json", "--device", "cpu", "--report", dir.resolve("report").toString()};
        CliRunner.Result first = CliRunner.run(args);
        assertEquals(0, first.code(), first::toString);
        assertEquals(2, first.err().lines().filter(l -> l.startsWith("advent: iteration")).count(), first::toString);
        assertTrue(Files.exists(dir.resolve("report/index.html")));
        CliRunner.Result again = CliRunner.run(args);
        assertEquals(0, again.code(), again::toString);
        assertEquals(2, again.err().lines().filter(l -> l.contains("(cached)")).count(), again::toString);
        assertEquals(json(first).get("means"), json(again).get("means"));
    }
}
