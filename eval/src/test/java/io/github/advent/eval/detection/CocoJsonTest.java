package io.github.advent.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CocoJsonTest {
    static final String GT = "{\"images\": [{\"id\": 1}, {\"id\": 2}], \"categories\": [{\"id\": 3, \"name\": \"car\"}],"
            + " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, 10, 10],"
            + " \"iscrowd\": 0, \"difficult\": true}]}";

    @TempDir
    Path tmp;

    Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsGroundTruthAndResults() throws Exception {
        Path gt = write("gt.json", GT);
        DetectionGroundTruth t = CocoJson.readGroundTruth(gt);
        assertEquals(List.of(1L, 2L), t.imageIds());
        assertEquals("car", t.category(3).name());
        GroundTruthBox b = t.boxes().get(0);
        assertTrue(b.difficult() && !b.crowd() && b.vocDifficult());
        assertEquals(100.0, b.area()); // no area field: w * h
        List<Detection> d = CocoJson.readDetections(write("r.json",
                "[{\"image_id\": 2, \"category_id\": 3, \"bbox\": [1.5, 2, 3, 4], \"score\": 0.25}]"), t, gt);
        assertEquals(new Detection(2, 3, 1.5, 2, 3, 4, 0.25, 0), d.get(0));
        assertEquals(0, CocoJson.readDetections(write("e.json", "[]"), t, gt).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[{\"image_id\": 7, \"category_id\": 3, \"bbox\": [0,0,1,1], \"score\": 1}]|[0].image_id 7 is not an image of gt.json",
        "[{\"image_id\": 1, \"category_id\": 4, \"bbox\": [0,0,1,1], \"score\": 1}]|[0].category_id 4 is not a category of gt.json",
        "[{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,1], \"score\": 1}]|[0].bbox must be [x, y, w, h]",
        "[{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,-1,1], \"score\": 1}]|negative width or height",
        "[{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,1,1]}]|[0] has no score",
        "[{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,1,1], \"score\": \"high\"}]|[0].score must be a number",
        "[{\"image_id\": 1.5, \"category_id\": 3, \"bbox\": [0,0,1,1], \"score\": 1}]|[0].image_id must be an integer",
        "{\"annotations\": []}|not COCO results",
        "[{\"image_id\": 1,|not valid JSON",
    })
    void badResultsNameTheFileAndTheEntry(String json, String expected) throws Exception {
        Path gt = write("gt.json", GT);
        DetectionGroundTruth t = CocoJson.readGroundTruth(gt);
        Path r = write("results.json", json);
        BadInputException e = assertThrows(BadInputException.class, () -> CocoJson.readDetections(r, t, gt));
        assertEquals(r, e.file());
        assertTrue(e.getMessage().startsWith(r + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"images\": [{\"id\": 1}, {\"id\": 1}], \"categories\": [{\"id\": 3}], \"annotations\": []}|images[1].id 1 is not unique",
        "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 3}], \"annotations\": [{\"id\": 1, \"image_id\": 2, \"category_id\": 3, \"bbox\": [0,0,1,1]}]}|annotations[0].image_id 2 is not in images",
        "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 3}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 9, \"bbox\": [0,0,1,1]}]}|annotations[0].category_id 9 is not in categories",
        "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 3}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,1,1]}, {\"id\": 1, \"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,1,1]}]}|annotations[1].id 1 is not unique",
        "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 3}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 3, \"bbox\": [0,0,1,1], \"iscrowd\": 2}]}|iscrowd must be 0, 1, true or false",
        "{\"images\": [{\"id\": 1}], \"categories\": []}|no \"annotations\" list",
        "[1, 2]|not COCO ground truth",
    })
    void badGroundTruthNamesTheFileAndTheEntry(String json, String expected) throws Exception {
        Path gt = write("gt.json", json);
        BadInputException e = assertThrows(BadInputException.class, () -> CocoJson.readGroundTruth(gt));
        assertEquals(gt, e.file());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
