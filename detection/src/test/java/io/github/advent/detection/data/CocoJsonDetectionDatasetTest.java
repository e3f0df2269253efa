package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.RawPng;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images with a COCO annotation file: box conversion, category mapping, and one-line messages for bad files. */
class CocoJsonDetectionDatasetTest {
    private static final String CATEGORIES = "\"categories\": [{\"id\": 3, \"name\": \"car\"}, {\"id\": 1, \"name\": \"Person\"},"
            + " {\"id\": 18, \"name\": \"dog\"}]";

    @TempDir
    Path dir;
    Path images;

    @BeforeEach
    void writeImages() {
        images = dir.resolve("images");
        RawPng.rgb8(images.resolve("a.png"), 40, 20, TinyDetectionData.rgb(40, 20, 1));
        RawPng.rgb8(images.resolve("sub/b.png"), 40, 20, TinyDetectionData.rgb(40, 20, 2));
    }

    @Test
    void boxesAreCornersOfXywhMappedByCategoryName() {
        Path json = TinyDetectionData.write(dir.resolve("gt.json"), "{\"images\": ["
                + "{\"id\": 7, \"file_name\": \"a.png\", \"width\": 40, \"height\": 20},"
                + "{\"id\": 9, \"file_name\": \"sub/b.png\"}],"
                + "\"annotations\": ["
                + "{\"id\": 1, \"image_id\": 7, \"category_id\": 3, \"bbox\": [2.5, 3, 10, 4]},"
                + "{\"id\": 2, \"image_id\": 7, \"category_id\": 18, \"bbox\": [0, 0, 5, 5]},"
                + "{\"id\": 3, \"image_id\": 7, \"category_id\": 1, \"bbox\": [30, 10, 15, 5], \"iscrowd\": 1},"
                + "{\"id\": 4, \"image_id\": 9, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"difficult\": true},"
                + "{\"id\": 5, \"image_id\": 9, \"category_id\": 3, \"bbox\": [5, 5, 0, 4]}],"
                + CATEGORIES + "}");
        DetectionDataset coco = DetectionDatasets.open("coco", images, Map.of("annotations", json.toString()));
        assertEquals(2, coco.size());
        assertEquals(List.of("a", "b"), List.of(coco.name(0), coco.name(1)));
        assertEquals(7, ((CocoJsonDetectionDataset) coco).imageId(0));
        assertEquals(images.resolve("sub/b.png"), coco.imageFile(1));
        DetectionSample a = coco.get(0);
        assertEquals(List.of(
                ObjectBox.of(2.5f, 3, 12.5f, 7, 3),            // car: (x, y, x + w, y + h)
                new ObjectBox(30, 10, 40, 15, 1, true)),       // crowd person, clipped to the 40-pixel width; the dog is ignored
                a.boxes());
        assertEquals(TinyDetectionData.rgb(40, 20, 1)[5], a.image().data()[5] & 0xFF);
        // difficult -> crowd; a zero-width box is dropped
        assertEquals(List.of(new ObjectBox(1, 2, 4, 6, 1, true)), coco.boxes(1).boxes());

        DetectionDataset large = DetectionDatasets.open("coco", images, Map.of("annotations", json.toString(), "min-size", "5"));
        assertEquals(List.of(new ObjectBox(30, 10, 40, 15, 1, true)), large.get(0).boxes());   // the 10x4 car is too low

        DetectionDataset own = DetectionDatasets.open("coco", images,
                Map.of("annotations", json.toString(), "classes", "dog;car"));
        assertEquals(List.of("dog", "car"), own.classes().names());
        assertEquals(List.of(ObjectBox.of(2.5f, 3, 12.5f, 7, 2), ObjectBox.of(0, 0, 5, 5, 1)), own.get(0).boxes());
    }

    @Test
    void badFilesGiveOneLineNamingTheEntry() {
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [", "not valid JSON");
        assertBad("[1, 2]", "expected a JSON object");
        assertBad("{\"images\": [], \"annotations\": []}", "$ has no \"categories\" list");
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [{\"image_id\": 2, \"category_id\": 3,"
                + " \"bbox\": [0, 0, 1, 1]}], " + CATEGORIES + "}", "annotations[0].image_id 2 is not in images");
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 4,"
                + " \"bbox\": [0, 0, 1, 1]}], " + CATEGORIES + "}", "annotations[0].category_id 4 is not in categories");
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 3,"
                + " \"bbox\": [5, 5, 2, -1]}], " + CATEGORIES + "}", "annotations[0].bbox [5,5,2,-1] has a negative width or height");
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 3,"
                + " \"bbox\": [5, 5, 2]}], " + CATEGORIES + "}", "annotations[0].bbox must be [x, y, w, h], got [5,5,2]");
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}, {\"id\": 1, \"file_name\": \"c.png\"}], \"annotations\": [], "
                + CATEGORIES + "}", "images[1].id 1 is not unique");
        assertBad("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [],"
                + " \"categories\": [{\"id\": 1, \"name\": \"dog\"}]}",
                "none of its categories (dog) is one of the classes person, rider, car");
        assertBad("{\"images\": [{\"id\": 1.5, \"file_name\": \"a.png\"}], \"annotations\": [], " + CATEGORIES + "}",
                "images[0].id must be an integer, got 1.5");
    }

    @Test
    void aMissingImageOrAnnotationFileIsNamed() {
        Path json = TinyDetectionData.write(dir.resolve("gt.json"), "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"},"
                + " {\"id\": 2, \"file_name\": \"gone.png\"}], \"annotations\": [], " + CATEGORIES + "}");
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("coco", images, Map.of("annotations", json.toString())));
        assertEquals(images.resolve("gone.png"), e.file());
        assertEquals(images.resolve("gone.png") + ": missing image 2 of " + json, e.getMessage());
        Path nowhere = dir.resolve("nowhere.json");
        BadInputException missing = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("coco", images, Map.of("annotations", nowhere.toString())));
        assertEquals(nowhere, missing.file());
        assertTrue(missing.getMessage().contains("missing file"), missing.getMessage());
        assertEquals("dataset 'coco' needs option annotations=FILE (the COCO annotation JSON)",
                assertThrows(IllegalArgumentException.class, () -> DetectionDatasets.open("coco", images, Map.of())).getMessage());
    }

    @Test
    void aSizeThatDisagreesWithTheImageIsRefused() {
        Path json = TinyDetectionData.write(dir.resolve("gt.json"), "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\","
                + " \"width\": 30, \"height\": 20}], \"annotations\": [], " + CATEGORIES + "}");
        DetectionDataset coco = DetectionDatasets.open("coco", images, Map.of("annotations", json.toString()));
        BadInputException e = assertThrows(BadInputException.class, () -> coco.get(0));
        assertEquals(json + ": image 1 (a.png) is 30x20 in the annotations but 40x20 on disk", e.getMessage());
    }

    private void assertBad(String text, String fragment) {
        Path json = TinyDetectionData.write(dir.resolve("bad.json"), text);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("coco", images, Map.of("annotations", json.toString())));
        assertEquals(json, e.file());
        assertTrue(e.getMessage().startsWith(json + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
