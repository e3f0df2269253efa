package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.RawPng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cityscapes and Foggy Cityscapes trees generated with known files; the factory's messages. */
class DetectionDatasetsTest {
    private static final String A = "frankfurt_000000_000294";
    private static final String B = "lindau_000001_000019";

    @TempDir
    Path dir;

    @Test
    void cityscapesGivesImagesAndInstanceBoxesByFrame() {
        Path root = TinyDetectionData.cityscapes(dir.resolve("cs"), "val", B, A);
        DetectionDataset cs = DetectionDatasets.open("cityscapes", root, Map.of("split", "val"));
        assertEquals(2, cs.size());
        assertEquals(A, cs.name(0));          // frame order: city, then file
        assertEquals(B, cs.name(1));
        assertEquals(1, cs.indexOf(B));
        assertEquals(-1, cs.indexOf("nope"));
        assertEquals(DetectionClasses.CITYSCAPES, cs.classes());
        DetectionSample sample = cs.get(1);    // B was written first: seed 0
        assertEquals(root.resolve("leftImg8bit/val/lindau/" + B + "_leftImg8bit.png"), sample.imageFile());
        assertEquals(40, sample.originalWidth());
        assertEquals(20, sample.originalHeight());
        int[] expected = TinyDetectionData.rgb(40, 20, 0);
        for (int p : new int[] {0, 1, 2, 3 * (7 * 40 + 13) + 1, 3 * 799 + 2}) {
            assertEquals(expected[p], sample.image().data()[p] & 0xFF, "value " + p);
        }
        assertEquals(List.of(TinyDetectionData.expectedInstanceBoxes()), sample.boxes());
        assertEquals(sample.boxes(), cs.boxes(1).boxes());
    }

    @Test
    void foggyImagesAreFoundByBetaWithTheClearFramesBoxes() {
        Path root = dir.resolve("foggy");
        TinyDetectionData.gtFine(root, "train", A);
        TinyDetectionData.foggy(root, "train", "0.02", A);
        TinyDetectionData.foggy(root, "train", "0.01", A);
        DetectionDataset thick = DetectionDatasets.open("foggy-cityscapes", root, Map.of());   // default: train, beta 0.02
        assertEquals(root.resolve("leftImg8bit_foggy/train/frankfurt/" + A + "_leftImg8bit_foggy_beta_0.02.png"), thick.imageFile(0));
        DetectionDataset light = DetectionDatasets.open("foggy-cityscapes", root, Map.of("beta", "0.010"));
        assertEquals(root.resolve("leftImg8bit_foggy/train/frankfurt/" + A + "_leftImg8bit_foggy_beta_0.01.png"), light.imageFile(0));
        DetectionSample sample = thick.get(0);
        assertEquals(A, sample.name());
        assertEquals(TinyDetectionData.rgb(40, 20, 50)[0], sample.image().data()[0] & 0xFF);
        assertEquals(List.of(TinyDetectionData.expectedInstanceBoxes()), sample.boxes());
        BadInputException none = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("foggy-cityscapes", root, Map.of("beta", "0.005")));
        assertTrue(none.getMessage().contains("no images found: looked for {city}/*_leftImg8bit_foggy_beta_0.005.png")
                && none.getMessage().endsWith("(it holds beta 0.01, 0.02)"), none.getMessage());
    }

    @Test
    void aMissingFoggyImageIsNamedByItsPath() {
        Path root = dir.resolve("foggy");
        TinyDetectionData.gtFine(root, "val", A, B);
        TinyDetectionData.foggy(root, "val", "0.02", A);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("foggy-cityscapes", root, Map.of("split", "val")));
        Path expected = root.resolve("leftImg8bit_foggy/val/lindau/" + B + "_leftImg8bit_foggy_beta_0.02.png");
        assertEquals(expected, e.file());
        assertEquals(expected + ": missing foggy image (beta 0.02) of frame " + B, e.getMessage());
        // unlabelled, the images alone make the dataset
        DetectionDataset target = DetectionDatasets.open("foggy-cityscapes", root, Map.of("split", "val", "labelled", "false"));
        assertEquals(1, target.size());
        assertEquals(List.of(), target.get(0).boxes());
        assertFalse(target.labelled());
        assertThrows(IllegalStateException.class, () -> target.boxes(0));
    }

    @Test
    void aMissingGtFineFileIsNamedByItsPath() throws IOException {
        Path root = TinyDetectionData.cityscapes(dir.resolve("cs"), "train", A, B);
        Path gone = root.resolve("gtFine/train/frankfurt/" + A + "_gtFine_instanceIds.png");
        Files.delete(gone);
        Files.delete(root.resolve("gtFine/train/lindau/" + B + "_gtFine_instanceIds.png"));
        BadInputException e = assertThrows(BadInputException.class, () -> DetectionDatasets.open("cityscapes", root, Map.of()));
        assertEquals(gone, e.file());
        assertEquals(gone + ": missing gtFine annotation (boxes=instanceIds) of frame " + A
                + "; 1 more file of this split missing", e.getMessage());
        BadInputException polygons = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("cityscapes", root, Map.of("boxes", "polygons")));
        assertEquals(root.resolve("gtFine/train/frankfurt/" + A + "_gtFine_polygons.json"), polygons.file());
    }

    @Test
    void aFileListPicksAndOrdersFramesAndNamesWhatIsMissing() {
        Path root = TinyDetectionData.cityscapes(dir.resolve("cs"), "val", A, B);
        Path list = TinyDetectionData.write(dir.resolve("list.txt"),
                "# val frames\nlindau/" + B + "_leftImg8bit.png\n\n" + A + "\n");
        DetectionDataset cs = DetectionDatasets.open("cityscapes", root, Map.of("split", "val", "list", list.toString()));
        assertEquals(List.of(B, A), List.of(cs.name(0), cs.name(1)));
        Path typo = TinyDetectionData.write(dir.resolve("typo.txt"), A + "\nlindau_000001_000091\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("cityscapes", root, Map.of("split", "val", "list", typo.toString())));
        assertEquals(root.resolve("leftImg8bit/val/lindau/lindau_000001_000091_leftImg8bit.png"), e.file());
        assertTrue(e.getMessage().endsWith("missing image of frame lindau_000001_000091 (line 2 of " + typo + ")"),
                e.getMessage());
        Path twice = TinyDetectionData.write(dir.resolve("twice.txt"), A + "\n" + A + "_leftImg8bit.png\n");
        assertTrue(assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("cityscapes", root, Map.of("split", "val", "list", twice.toString()))).getMessage()
                .endsWith("line 2: '" + A + "' is listed twice (first on line 1)"));
    }

    @Test
    void polygonBoxesAndMinimumSizeAreOptions() {
        Path root = TinyDetectionData.cityscapes(dir.resolve("cs"), "val", A);
        TinyDetectionData.write(root.resolve("gtFine/val/frankfurt/" + A + "_gtFine_polygons.json"),
                "{\"imgHeight\": 20, \"imgWidth\": 40, \"objects\": [{\"label\": \"bus\", \"polygon\": [[1, 1], [8, 4]]},"
                        + " {\"label\": \"train\", \"polygon\": [[20, 10], [21, 11]]}]}");
        DetectionDataset polygons = DetectionDatasets.open("cityscapes", root, Map.of("split", "val", "boxes", "polygons"));
        assertEquals(List.of(ObjectBox.of(1, 1, 9, 5, 5), ObjectBox.of(20, 10, 22, 12, 6)), polygons.get(0).boxes());
        DetectionDataset large = DetectionDatasets.open("cityscapes", root,
                Map.of("split", "val", "boxes", "polygons", "min-size", "3"));
        assertEquals(List.of(ObjectBox.of(1, 1, 9, 5, 5)), large.get(0).boxes());
        assertEquals(List.of(ObjectBox.of(1, 1, 9, 5, 5)), large.boxes(0).boxes());
    }

    @Test
    void anAnnotationOfAnotherSizeIsRefused() {
        Path root = TinyDetectionData.cityscapes(dir.resolve("cs"), "val", A);
        Path gt = RawPng.grey16(root.resolve("gtFine/val/frankfurt/" + A + "_gtFine_instanceIds.png"), 20, 10, new int[200]);
        DetectionDataset cs = DetectionDatasets.open("cityscapes", root, Map.of("split", "val"));
        BadInputException e = assertThrows(BadInputException.class, () -> cs.get(0));
        assertEquals(gt + ": annotates a 20x10 image but " + A + "_leftImg8bit.png is 40x20", e.getMessage());
        assertThrows(BadInputException.class, () -> cs.boxes(0));
    }

    @Test
    void usageErrorsListWhatIsKnown() {
        Path root = TinyDetectionData.cityscapes(dir.resolve("cs"), "val", A);
        assertEquals("unknown dataset 'cityscape'; known: cityscapes, coco, foggy-cityscapes, folder",
                assertThrows(IllegalArgumentException.class, () -> DetectionDatasets.open("cityscape", root, Map.of())).getMessage());
        assertEquals("unknown option 'beta' for dataset 'cityscapes'; known: boxes, labelled, list, min-size, split",
                assertThrows(IllegalArgumentException.class,
                        () -> DetectionDatasets.open("cityscapes", root, Map.of("beta", "0.02"))).getMessage());
        assertEquals("dataset 'cityscapes': option 'boxes': boxes must be instanceIds or polygons, got 'masks'",
                assertThrows(IllegalArgumentException.class,
                        () -> DetectionDatasets.open("cityscapes", root, Map.of("boxes", "masks"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DetectionDatasets.open("foggy-cityscapes", root, Map.of("beta", "0.03"))).getMessage()
                .contains("beta must be one of 0.005, 0.01, 0.02"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DetectionDatasets.open("cityscapes", root, Map.of("min-size", "big"))).getMessage()
                .endsWith("min-size must be a number of pixels, got 'big'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DetectionDatasets.open("cityscapes", root, Map.of("split", ""))).getMessage()
                .contains("option 'split' needs a value"));
        BadInputException split = assertThrows(BadInputException.class,
                () -> DetectionDatasets.open("cityscapes", root, Map.of("split", "test")));
        assertTrue(split.getMessage().endsWith("leftImg8bit/ has: val"), split.getMessage());
        assertEquals(List.of("cityscapes", "coco", "foggy-cityscapes", "folder"), DetectionDatasets.kinds());
    }

    @Test
    void classesNumberTheEightCityscapesClasses() {
        DetectionClasses c = DetectionClasses.CITYSCAPES;
        assertEquals(8, c.size());
        assertEquals(List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"), c.names());
        int[] ids = new int[8];
        for (int i = 1; i <= 8; i++) {
            ids[i - 1] = c.labelId(i);
            assertEquals(i, c.indexOfLabelId(ids[i - 1]));
        }
        assertArrayEquals(new int[] {24, 25, 26, 27, 28, 31, 32, 33}, ids);
        assertEquals(0, c.indexOfLabelId(29));
        assertEquals(7, c.indexOf("Motorcycle"));
        assertEquals(0, c.indexOf("motorbike"));
        assertThrows(IndexOutOfBoundsException.class, () -> c.name(0));
        assertThrows(IllegalArgumentException.class, () -> DetectionClasses.of(List.of("car", "Car")));
        assertThrows(IllegalStateException.class, () -> DetectionClasses.of(List.of("car")).labelId(1));
    }
}
