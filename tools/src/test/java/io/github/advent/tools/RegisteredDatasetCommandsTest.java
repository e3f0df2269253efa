package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.github.advent.entropy.data.DatasetContent;
import io.github.advent.entropy.data.DatasetRegistry;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.segmentation.data.SegmentationDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset kind defined in a test ({@link ToyCityDataset}) is trained on and scored like a built-in one. */
class RegisteredDatasetCommandsTest {
    private static final int W = 32;
    private static final int H = 16;
    /** Frame-like names: predictions are named as the Cityscapes scripts expect, {@code NAME_leftImg8bit.png}. */
    private static final String[] NAMES = {"toy_000000_000001", "toy_000000_000002"};

    @TempDir
    Path dir;

    /** Two photos; their masks: road (0) on the left half, sidewalk (1) on the right. */
    private Path toyCity() {
        Path root = dir.resolve("toy");
        int[] mask = new int[W * H];
        int[] rgb = new int[W * H * 3];
        for (int i = 0; i < W * H; i++) {
            mask[i] = i % W < W / 2 ? 0 : 1;
            rgb[3 * i] = mask[i] == 0 ? 90 : 200;
        }
        for (String name : NAMES) {
            RawPng.rgb8(root.resolve("photos/" + name + ".png"), W, H, rgb);
            RawPng.grey8(root.resolve("masks/" + name + ".png"), W, H, mask);
        }
        return root;
    }

    @Test
    void theRegistryListsItForTheRolesItFits() {
        assertTrue(DatasetRegistry.kindsProviding(SegmentationDataset.class, DatasetContent.SEGMENTATION_LABELS).contains("toy-city"));
        assertEquals("acdc, cityscapes, coco, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city", DatasetKind.known(), "sorted, whatever the class path's order");
    }

    @Test
    void trainUsesItAsSourceAndTargetAndEvaluateScoresIt() {
        Path toy = toyCity();
        CliRunner.Result train = CliRunner.run(("train segmentation --method minent --arch deeplabv2-resnet14-w4 --source toy-city="
                + toy + " --target toy-city=" + toy + " --out " + dir.resolve("run") + " --iterations 1 --device cpu").split(" "));
        assertEquals(0, train.code(), train::toString);
        assertTrue(Files.exists(TrainingRun.snapshotPath(dir.resolve("run"), 1)), train::toString);

        // every pixel predicted road: road IoU 1/2 (hits W/2 x H of a union of W x H), sidewalk 0 -> mIoU 1/4
        Path predictions = dir.resolve("pred");
        for (String name : NAMES) {
            RawPng.grey8(predictions.resolve(name + "_leftImg8bit.png"), W, H, new int[W * H]);
        }
        CliRunner.Result scored = CliRunner.run("evaluate", "segmentation", "--dataset", "toy-city=" + toy, "--predictions",
                predictions.toString(), "--json");
        assertEquals(0, scored.code(), scored::toString);
        double mIoU = JsonParser.parseString(scored.out()).getAsJsonObject().getAsJsonArray("means").get(0).getAsJsonObject()
                .get("value").getAsDouble();
        assertEquals(0.25, mIoU, 1e-12);

        CliRunner.Result noMask = CliRunner.run("evaluate", "segmentation", "--dataset", "toy-city=" + dir.resolve("empty"),
                "--predictions", predictions.toString());
        assertEquals(1, noMask.code(), noMask::toString);
    }

    @Test
    void aRoleItDoesNotFitIsRefusedNamingTheKindsThatDo() {
        CliRunner.Result r = CliRunner.run("train", "detection", "--method", "advent", "--source", "toy-city=/x", "--target",
                "folder=/y", "--out", dir.resolve("r").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--source: 'toy-city' cannot be a detection source (it provides no boxes there); kinds that"
                + " can: cityscapes, coco, foggy-cityscapes, folder"), r::toString);
    }
}
