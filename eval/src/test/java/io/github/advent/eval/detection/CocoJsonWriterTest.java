package io.github.advent.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link CocoJsonWriter} writes, {@link CocoJson} reads back to the last bit. */
class CocoJsonWriterTest {
    @TempDir
    Path dir;

    private final List<Category> categories = List.of(new Category(1, "person"), new Category(2, "car"));
    private final List<GroundTruthBox> boxes = List.of(
            new GroundTruthBox(1, 1, 1, 2, 3, 4, 7, 28, false, false),
            new GroundTruthBox(2, 1, 2, 10.5, 11, 11, 4, 44, true, false),
            new GroundTruthBox(3, 2, 2, 0, 0, 0.1 + 0.2, 1e-7, 3e-8, false, true));

    @Test
    void groundTruthAndResultsRoundTripExactly() throws Exception {
        Path gt = dir.resolve("gt.json");
        CocoJsonWriter.writeGroundTruth(gt, List.of(new CocoJsonWriter.Image(1, "a/x.png", 40, 20),
                new CocoJsonWriter.Image(2, "b/y.png", 41, 21)), categories, boxes);
        DetectionGroundTruth truth = CocoJson.readGroundTruth(gt);
        assertEquals(List.of(1L, 2L), truth.imageIds());
        assertEquals(categories, truth.categories());
        assertEquals(boxes, truth.boxes());
        JsonObject image = JsonParser.parseString(Files.readString(gt)).getAsJsonObject().getAsJsonArray("images").get(0)
                .getAsJsonObject();
        assertEquals("a/x.png", image.get("file_name").getAsString());
        assertEquals(40, image.get("width").getAsInt());

        // awkward doubles (0.1 * 3, a float widened) survive; file order is kept (it breaks ties in score)
        List<Detection> detections = List.of(
                new Detection(2, 2, 0.1 * 3, 1.0 / 3, 5, 6, (double) 0.7f, 0),
                new Detection(1, 1, 2, 3, 4, 7, 0.5, 1),
                new Detection(1, 1, 2.5, 3, 4, 7, 0.5, 2));
        Path results = dir.resolve("results.json");
        CocoJsonWriter.writeResults(results, detections);
        assertEquals(detections, CocoJson.readDetections(results, truth, gt));
        assertEquals(DetectionEvaluator.evaluate(truth, detections, ApMetric.VOC07, gt),
                DetectionEvaluator.evaluate(truth, CocoJson.readDetections(results, truth, gt), ApMetric.VOC07, gt));
        assertTrue(Files.list(dir).noneMatch(f -> f.getFileName().toString().contains(".tmp")), "written atomically");
    }
}
