package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.RawPng;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boxes from generated instance maps and polygon files whose objects are known by construction. */
class CityscapesBoxesTest {
    @TempDir
    Path dir;

    @Test
    void instanceIdsGiveTheTightBoxOfEachInstanceOfTheEightClasses() {
        Path file = RawPng.grey16(dir.resolve("a_gtFine_instanceIds.png"), TinyDetectionData.W, TinyDetectionData.H,
                TinyDetectionData.instanceIds());
        BoxAnnotation boxes = CityscapesBoxes.fromInstanceIds(file);
        assertEquals(TinyDetectionData.W, boxes.width());
        assertEquals(TinyDetectionData.H, boxes.height());
        // the person group (bare id 24) and the caravan (29001) give none
        assertEquals(List.of(TinyDetectionData.expectedInstanceBoxes()), boxes.boxes());
    }

    @Test
    void everyClassMapsToItsIndexAndAnImageEdgeToAnExclusiveCorner() {
        int[] map = new int[8 * 2];
        int[] ids = {24, 25, 26, 27, 28, 31, 32, 33};
        for (int c = 0; c < 8; c++) {
            map[c] = ids[c] * 1000 + 7;           // row 0, column c
        }
        map[8 + 7] = 33007;                       // the bicycle also at the last column of the last row
        Path file = RawPng.grey16(dir.resolve("b_gtFine_instanceIds.png"), 8, 2, map);
        List<ObjectBox> boxes = CityscapesBoxes.fromInstanceIds(file).boxes();
        assertEquals(8, boxes.size());
        for (int c = 0; c < 7; c++) {
            assertEquals(ObjectBox.of(c, 0, c + 1, 1, c + 1), boxes.get(c));
        }
        assertEquals(ObjectBox.of(7, 0, 8, 2, 8), boxes.get(7));
    }

    @Test
    void an8BitFileIsRefusedAsNotInstanceIds() {
        Path file = RawPng.grey8(dir.resolve("c_gtFine_labelIds.png"), 4, 2, new int[8]);
        BadInputException e = assertThrows(BadInputException.class, () -> CityscapesBoxes.fromInstanceIds(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("8-bit image: Cityscapes' instanceIds files are 16-bit"), e.getMessage());
    }

    @Test
    void polygonsGiveVertexBoxesGroupsAsCrowdAndIgnoreTheRest() {
        Path file = TinyDetectionData.write(dir.resolve("d_gtFine_polygons.json"), """
                {"imgHeight": 20, "imgWidth": 40, "objects": [
                  {"label": "road", "polygon": [[0, 0], [39, 0], [39, 19]]},
                  {"label": "car", "polygon": [[10, 5], [20, 5], [20, 8], [10, 8]]},
                  {"label": "persongroup", "polygon": [[1, 2], [3, 1], [4, 6]]},
                  {"label": "bicycle group", "polygon": [[30, 10], [31, 12]]},
                  {"label": "car", "deleted": 1, "polygon": [[0, 0], [5, 5]]},
                  {"label": "license plate", "polygon": [[11, 6], [12, 7]]},
                  {"label": "Truck", "polygon": [[-5, 15], [12.5, 25], [3, 18]]},
                  {"label": "bus", "polygon": [[45, 1], [50, 3]]},
                  {"label": "rider", "polygon": [[7, 7]]}
                ]}
                """);
        BoxAnnotation boxes = CityscapesBoxes.fromPolygons(file);
        assertEquals(40, boxes.width());
        assertEquals(20, boxes.height());
        assertEquals(List.of(
                ObjectBox.of(10, 5, 21, 9, 3),                     // car: vertices 10..20 x 5..8 inclusive
                new ObjectBox(1, 1, 5, 7, 1, true),                // person group: crowd
                new ObjectBox(30, 10, 32, 13, 8, true),            // "bicycle group": crowd
                ObjectBox.of(0, 15, 13.5f, 20, 4),                 // truck clipped: x -5 -> 0, y 25 + 1 -> 20
                ObjectBox.of(7, 7, 8, 8, 2)),                      // one vertex: one pixel
                boxes.boxes()); // road, the deleted car, the plate and the bus wholly outside are gone
    }

    @Test
    void malformedPolygonFilesNameTheField() {
        Path noObjects = TinyDetectionData.write(dir.resolve("e.json"), "{\"imgHeight\": 2, \"imgWidth\": 4}");
        assertMessage(noObjects, "$ has no \"objects\" list");
        Path badVertex = TinyDetectionData.write(dir.resolve("f.json"),
                "{\"imgHeight\": 2, \"imgWidth\": 4, \"objects\": [{\"label\": \"sky\", \"polygon\": [[0, 0]]},"
                        + " {\"label\": \"car\", \"polygon\": [[0, 0], [1, 1], [2]]}]}");
        assertMessage(badVertex, "objects[1].polygon[2] must be a vertex [x, y], got [2]");
        Path notJson = TinyDetectionData.write(dir.resolve("g.json"), "{\"imgHeight\": 2, \"imgWidth\": ");
        assertMessage(notJson, "not valid JSON");
        Path noSize = TinyDetectionData.write(dir.resolve("h.json"), "{\"imgWidth\": 4, \"objects\": []}");
        assertMessage(noSize, "$ has no imgHeight");
        Path badLabel = TinyDetectionData.write(dir.resolve("i.json"),
                "{\"imgHeight\": 2, \"imgWidth\": 4, \"objects\": [{\"label\": 5, \"polygon\": [[0, 0]]}]}");
        assertMessage(badLabel, "objects[0].label must be a string, got 5");
    }

    @Test
    void minimumSizeDropsSmallBoxesOnly() {
        BoxAnnotation all = new BoxAnnotation(40, 20, List.of(TinyDetectionData.expectedInstanceBoxes()));
        // widths x heights: person 4x7, rider 1x1, car 11x4, truck 5x7
        assertEquals(List.of(all.boxes().get(3)), all.withoutSmallerThan(5).boxes());
        assertEquals(List.of(all.boxes().get(0), all.boxes().get(2), all.boxes().get(3)), all.withoutSmallerThan(4).boxes());
        assertEquals(all.boxes(), all.withoutSmallerThan(0).boxes());
        assertEquals(all.boxes(), all.withoutSmallerThan(1).boxes());
    }

    private static void assertMessage(Path file, String fragment) {
        BadInputException e = assertThrows(BadInputException.class, () -> CityscapesBoxes.fromPolygons(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
