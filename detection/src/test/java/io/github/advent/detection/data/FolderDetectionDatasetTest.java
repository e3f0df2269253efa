package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.RawPng;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code folder=ROOT}: an unlabelled detection target of any images, or with annotations= the COCO reader. */
class FolderDetectionDatasetTest {
    @TempDir
    Path dir;

    @Test
    void unlabelledTakesEveryImageAtAnyDepthWithoutBoxes() {
        Path root = dir.resolve("dashcam");
        RawPng.rgb8(root.resolve("b/2.png"), 40, 20, TinyDetectionData.rgb(40, 20, 2));
        RawPng.rgb8(root.resolve("a/clip/1.png"), 30, 10, TinyDetectionData.rgb(30, 10, 1));
        TinyDetectionData.write(root.resolve("a/readme.txt"), "x");
        DetectionDataset target = DetectionDatasets.open("folder", root, Map.of("labelled", "false"));
        assertEquals("folder", target.kind());
        assertFalse(target.labelled());
        assertEquals(List.of("a/clip/1", "b/2"), List.of(target.name(0), target.name(1)));
        assertEquals(1, target.indexOf("b/2"));
        DetectionSample first = target.get(0);
        assertEquals(root.resolve("a/clip/1.png"), first.imageFile());
        assertEquals(List.of(), first.boxes());
        assertEquals(30, first.originalWidth());
        assertEquals(TinyDetectionData.rgb(30, 10, 1)[7], first.image().data()[7] & 0xFF);
        assertThrows(IllegalStateException.class, () -> target.boxes(0));

        Path list = TinyDetectionData.write(dir.resolve("list.txt"), "b/2.png\n");
        DetectionDataset listed = DetectionDatasets.open("folder", root, Map.of("labelled", "false", "list", list.toString()));
        assertEquals(1, listed.size());
        assertEquals("b/2", listed.name(0));
    }

    @Test
    void withAnnotationsItIsALabelledSourceReadByTheCocoReader() {
        Path root = dir.resolve("mine");
        RawPng.rgb8(root.resolve("a.png"), 40, 20, TinyDetectionData.rgb(40, 20, 1));
        Path json = TinyDetectionData.write(dir.resolve("gt.json"), "{\"images\": [{\"id\": 7, \"file_name\": \"a.png\"}],"
                + " \"annotations\": [{\"id\": 1, \"image_id\": 7, \"category_id\": 3, \"bbox\": [2, 3, 10, 4]}],"
                + " \"categories\": [{\"id\": 3, \"name\": \"car\"}]}");
        DetectionDataset source = DetectionDatasets.open("folder", root, Map.of("annotations", json.toString()));
        assertInstanceOf(CocoJsonDetectionDataset.class, source);
        assertEquals(List.of(ObjectBox.of(2, 3, 12, 7, DetectionClasses.CITYSCAPES.indexOf("car"))), source.get(0).boxes());
    }

    @Test
    void labelledWithoutAnnotationsOrEmptyIsRefused() {
        Path root = dir.resolve("mine");
        RawPng.rgb8(root.resolve("a.png"), 40, 20, TinyDetectionData.rgb(40, 20, 1));
        IllegalArgumentException usage = assertThrows(IllegalArgumentException.class,
                () -> DetectionDatasets.open("folder", root, Map.of()));
        assertEquals("dataset 'folder' has boxes only with annotations=FILE.json (COCO); without it, it is an unlabelled target",
                usage.getMessage());
        Path empty = dir.resolve("empty");
        TinyDetectionData.write(empty.resolve("x.txt"), "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("folder", empty, Map.of("labelled", "false")));
        assertTrue(e.getMessage().startsWith(empty + ": no images found"), e.getMessage());
    }
}
