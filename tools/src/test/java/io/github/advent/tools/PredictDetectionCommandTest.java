package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.eval.detection.CocoJson;
import io.github.advent.eval.detection.DetectionGroundTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code advent predict} with an SSD checkpoint: boxes drawn per image, one COCO results file for all. */
class PredictDetectionCommandTest {
    @TempDir
    Path dir;

    private Path images() {
        Path images = dir.resolve("images");
        RawPng.rgb8(images.resolve("frankfurt/frankfurt_000000_000294_leftImg8bit.png"), 60, 30,
                TinyDetectionData.rgb(60, 30, 1));
        RawPng.rgb8(images.resolve("street.png"), 40, 24, TinyDetectionData.rgb(40, 24, 2));
        return images;
    }

    @Test
    void drawsTheBoxesAboveTheThresholdAndWritesOneResultsFile() throws IOException {
        GradMode.disableOnThisThread();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        Path images = images();
        Path out = dir.resolve("pred");
        CliRunner.Result r = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input", images.toString(),
                "--out", out.toString(), "--score-threshold", "0", "--device", "cpu");
        assertEquals(0, r.code(), r::toString);
        Path drawn = out.resolve("frankfurt/frankfurt_000000_000294_leftImg8bit_boxes.png");
        Image8 picture = Images.readRgb(drawn);
        Image8 original = Images.readRgb(images.resolve("frankfurt/frankfurt_000000_000294_leftImg8bit.png"));
        assertEquals(60, picture.width());
        assertEquals(30, picture.height());
        assertFalse(Arrays.equals(original.data(), picture.data()), "every detection scores >= 0: boxes drawn");
        assertEquals(40, Images.readRgb(out.resolve("street_boxes.png")).width());

        // images.json names the ids; detections.json reads against it as COCO results
        DetectionGroundTruth listed = CocoJson.readGroundTruth(out.resolve("images.json"));
        assertEquals(List.of(1L, 2L), listed.imageIds());
        assertEquals(8, listed.categories().size());
        JsonObject first = JsonParser.parseString(Files.readString(out.resolve("images.json"))).getAsJsonObject()
                .getAsJsonArray("images").get(0).getAsJsonObject();
        assertEquals("frankfurt/frankfurt_000000_000294_leftImg8bit.png", first.get("file_name").getAsString());
        assertEquals(60, first.get("width").getAsInt());
        int detections = CocoJson.readDetections(out.resolve("detections.json"), listed, null).size();
        assertTrue(detections > 0 && detections <= 2 * 200, "at most 200 per image: " + detections);

        // every box of a network with zeroed confidence heads scores 1/9: the default threshold 0.5 draws nothing
        Path uniform = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("uniform.safetensors"), 9, true);
        Path none = dir.resolve("none");
        CliRunner.Result nothing = CliRunner.run("predict", "--checkpoint", uniform.toString(), "--input",
                images.resolve("street.png").toString(), "--out", none.toString());
        assertEquals(0, nothing.code(), nothing::toString);
        assertArrayEquals(Images.readRgb(images.resolve("street.png")).data(),
                Images.readRgb(none.resolve("street_boxes.png")).data());
        JsonArray all = JsonParser.parseString(Files.readString(none.resolve("detections.json"))).getAsJsonArray();
        assertEquals(200, all.size(), "the results file keeps every detection, drawn or not");
        for (int i = 0; i < all.size(); i++) {
            assertEquals(1 / 9.0, all.get(i).getAsJsonObject().get("score").getAsDouble(), 1e-6);
        }
        CliRunner.Result some = CliRunner.run("predict", "--checkpoint", uniform.toString(), "--input",
                images.resolve("street.png").toString(), "--out", none.toString(), "--score-threshold", "0.11");
        assertEquals(0, some.code(), some::toString);
        assertFalse(Arrays.equals(Images.readRgb(images.resolve("street.png")).data(),
                Images.readRgb(none.resolve("street_boxes.png")).data()), "1/9 >= 0.11: drawn");
    }

    @Test
    void segmentationOnlyOptionsAndBadThresholdsAreUsageErrors() {
        GradMode.disableOnThisThread();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 9);
        Path images = images();
        CliRunner.Result entropy = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input",
                images.toString(), "--out", dir.resolve("p").toString(), "--entropy");
        assertEquals(2, entropy.code(), entropy::toString);
        assertTrue(entropy.err().contains("--entropy and --logits are for segmentation checkpoints"), entropy::toString);
        CliRunner.Result threshold = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input",
                images.toString(), "--out", dir.resolve("p").toString(), "--score-threshold", "1.5");
        assertEquals(2, threshold.code(), threshold::toString);
        assertTrue(threshold.err().contains("--score-threshold must be in [0, 1], got 1.5"), threshold::toString);
    }
}
