package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.RawPng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate detection --dataset} takes any kind whose detection reader provides boxes: here a COCO JSON set. */
class EvaluateRegisteredDetectionDatasetTest {
    @TempDir
    Path dir;

    private Path cocoSet() throws IOException {
        Path root = dir.resolve("coco");
        RawPng.rgb8(root.resolve("a.png"), 64, 32, new int[64 * 32 * 3]);
        RawPng.rgb8(root.resolve("b.png"), 64, 32, new int[64 * 32 * 3]);
        Files.writeString(root.resolve("boxes.json"), """
                {"images": [{"id": 1, "file_name": "a.png", "width": 64, "height": 32},
                            {"id": 2, "file_name": "b.png", "width": 64, "height": 32}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [4, 2, 10, 20], "area": 200, "iscrowd": 0},
                                 {"id": 2, "image_id": 2, "category_id": 2, "bbox": [20, 8, 30, 12], "area": 360, "iscrowd": 0}],
                 "categories": [{"id": 1, "name": "person"}, {"id": 2, "name": "car"}]}
                """);
        return root;
    }

    private static JsonObject json(CliRunner.Result r) {
        assertEquals(0, r.code(), r::toString);
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    @Test
    void aCocoSetIsScoredAndItsFilesScoreTheSameAgain() throws IOException {
        GradMode.disableOnThisThread();
        Path root = cocoSet();
        Path checkpoint = EvaluateDetectionDatasetCommandTest.tinyCheckpoint(dir.resolve("ssd.safetensors"), 3);
        Path report = dir.resolve("report");
        JsonObject direct = json(CliRunner.run("evaluate", "detection", "--dataset", "coco=" + root + ",annotations="
                + root.resolve("boxes.json") + ",classes=person;car", "--checkpoint", checkpoint.toString(), "--report",
                report.toString(), "--json", "--device", "cpu"));
        JsonArray truth = JsonParser.parseString(Files.readString(report.resolve("ground_truth.json"))).getAsJsonObject()
                .getAsJsonArray("annotations");
        assertEquals(2, truth.size());
        assertEquals("[4.0,2.0,10.0,20.0]", truth.get(0).getAsJsonObject().getAsJsonArray("bbox").toString());
        JsonObject again = json(CliRunner.run("evaluate", "detection", "--ground-truth", report.resolve("ground_truth.json")
                .toString(), "--detections", report.resolve("detections.json").toString(), "--json"));
        assertEquals(direct.getAsJsonArray("means").get(0).getAsJsonObject().get("value"),
                again.getAsJsonArray("means").get(0).getAsJsonObject().get("value"));
    }

    @Test
    void aKindWithoutBoxesIsRefusedNamingTheKindsThatHaveThem() {
        CliRunner.Result r = CliRunner.run("evaluate", "detection", "--dataset", "gta5=" + dir, "--detections",
                dir.resolve("d.json").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--dataset: 'gta5' cannot be scored for detection (it provides no boxes there); kinds that"
                + " can: cityscapes, coco, foggy-cityscapes, folder"), r::toString);
    }
}
