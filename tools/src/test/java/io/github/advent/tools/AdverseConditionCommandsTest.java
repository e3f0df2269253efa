package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.segmentation.data.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cityscapes as a source, ACDC / Dark Zurich / a plain folder as targets, ACDC and Dark Zurich scored. */
class AdverseConditionCommandsTest {
    private static final int W = 40;
    private static final int H = 20;
    /** The train ids TinyData writes, one per 4-column stripe above the last row (all road). */
    private static final int[] STRIPES_TRAIN = {0, 1, 255, 13, 10, 18, 255, 14, 255, 16};

    @TempDir
    Path dir;

    private CliRunner.Result train(String method, String target) {
        Path cs = TinyData.cityscapes(dir.resolve("cityscapes"), "train", "aachen_000000_000019");
        return CliRunner.run(("train segmentation --method " + method + " --arch deeplabv2-resnet14-w4 --source cityscapes=" + cs
                + ",size=48x32 --target " + target + " --out " + dir.resolve("run") + " --iterations 1 --device cpu").split(" "));
    }

    @Test
    void cityscapesToAcdcTrains() {
        Path acdc = TinyData.acdc(dir.resolve("acdc"), "fog", "train", null, "GOPR0476_frame_000001");
        CliRunner.Result r = train("advent", "acdc=" + acdc + ",condition=fog,size=48x32");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.exists(TrainingRun.snapshotPath(dir.resolve("run"), 1)), r::toString);
    }

    @Test
    void cityscapesToDarkZurichNightAndToAPlainFolderTrain() {
        Path dz = TinyData.darkZurich(dir.resolve("dz"), "train", "night", null, "GOPR0351_frame_000159");
        CliRunner.Result night = train("minent", "dark-zurich=" + dz + ",size=48x32");
        assertEquals(0, night.code(), night::toString);
        Path own = dir.resolve("my_dashcam_images");
        RawPng.rgb8(own.resolve("2024-01-05/clip1/000001.png"), W, H, new int[W * H * 3]);
        CliRunner.Result folder = CliRunner.run(("train segmentation --method minent --arch deeplabv2-resnet14-w4 --source cityscapes="
                + dir.resolve("cityscapes") + ",size=48x32 --target folder=" + own + ",size=48x32 --out " + dir.resolve("run2")
                + " --iterations 1 --device cpu").split(" "));
        assertEquals(0, folder.code(), folder::toString);
        assertTrue(Files.exists(TrainingRun.snapshotPath(dir.resolve("run2"), 1)), folder::toString);
    }

    /** A prediction of TinyData's labels, right but for the road stripe above the last row, called sidewalk. */
    private static Path prediction(Path file) {
        int[] ids = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int truth = y == H - 1 ? 0 : STRIPES_TRAIN[x / 4];
                ids[y * W + x] = truth == 255 ? 0 : x < 4 && y < H - 1 ? 1 : truth;
            }
        }
        return RawPng.grey8(file, W, H, ids);
    }

    /** road: 40 hits of 116; sidewalk: 76 of 152 predicted; five more classes exact. */
    private static final double EXPECTED_MIOU = (40.0 / 116 + 0.5 + 5) / 7;

    private static double mIoU(CliRunner.Result r) {
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("mIoU-19", o.getAsJsonArray("means").get(0).getAsJsonObject().get("name").getAsString());
        return o.getAsJsonArray("means").get(0).getAsJsonObject().get("value").getAsDouble();
    }

    @Test
    void acdcValIsScoredOnItsTrainIdLabels() {
        Path acdc = TinyData.acdc(dir.resolve("acdc"), "fog", "val", "_gt_labelTrainIds.png", "GOPR0475_frame_000041",
                "GOPR0478_frame_000259");
        TinyData.acdc(acdc, "night", "val", "_gt_labelTrainIds.png", "GOPR0351_frame_000159");
        Path pred = dir.resolve("pred");
        prediction(pred.resolve("GOPR0475_frame_000041_rgb_anon.png"));
        prediction(pred.resolve("GOPR0478_frame_000259_rgb_anon.png"));
        CliRunner.Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "acdc=" + acdc + ",condition=fog,split=val",
                "--predictions", pred.toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(EXPECTED_MIOU, mIoU(r), 1e-12);
        // condition night has a frame without a prediction: named, exit 1
        CliRunner.Result night = CliRunner.run("evaluate", "segmentation", "--dataset", "acdc=" + acdc + ",condition=night",
                "--predictions", pred.toString());
        EvaluateCommandTest.assertBadInput(night, acdc.resolve("gt/night/val/GOPR0351/GOPR0351_frame_000159_gt_labelTrainIds.png"),
                "no prediction for this label");
    }

    @Test
    void darkZurichValIsScoredAndItsUnlabelledSplitsAreNamed() {
        Path dz = TinyData.darkZurich(dir.resolve("dz"), "val", "night", "_gt_labelTrainIds.png", "GOPR0356_frame_000321");
        Path pred = dir.resolve("pred");
        prediction(pred.resolve("GOPR0356/GOPR0356_frame_000321_rgb_anon.png"));
        CliRunner.Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "dark-zurich=" + dz, "--predictions",
                pred.toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(EXPECTED_MIOU, mIoU(r), 1e-12);
        CliRunner.Result test = CliRunner.run("evaluate", "segmentation", "--dataset", "dark-zurich=" + dz, "--split", "test",
                "--predictions", pred.toString());
        EvaluateCommandTest.assertBadInput(test, dz.resolve("rgb_anon/test"), "missing folder");
    }

    @Test
    void usageErrorsAreExitTwo() {
        CliRunner.Result condition = CliRunner.run("train", "segmentation", "--method", "advent", "--source", "cityscapes=/x",
                "--target", "acdc=/y,condition=haze", "--out", "r");
        assertEquals(2, condition.code(), condition::toString);
        assertTrue(condition.err().contains("unknown ACDC condition 'haze'; known: fog, night, rain, snow, all"), condition::toString);
        CliRunner.Result split = CliRunner.run("evaluate", "segmentation", "--dataset", "acdc=/y,split=val", "--split", "test",
                "--predictions", "p");
        assertEquals(2, split.code(), split::toString);
        assertTrue(split.err().contains("--split test contradicts --dataset's split=val"), split::toString);
        CliRunner.Result folderSource = CliRunner.run("train", "detection", "--method", "advent", "--source", "folder=/x",
                "--target", "folder=/y", "--out", "r");
        assertEquals(2, folderSource.code(), folderSource::toString);
        assertTrue(folderSource.err().contains("--source: folder=ROOT needs annotations=FILE.json (COCO boxes) to be a detection source"),
                folderSource::toString);
    }
}
