package io.github.advent.segmentation.data;

import static io.github.advent.segmentation.data.TinyData.H;
import static io.github.advent.segmentation.data.TinyData.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.RawPng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every way a user's data can be wrong: one clear line naming the file or folder. */
class BadInputTest {
    @TempDir
    Path dir;

    private static BadInputException bad(Path expectedFile, Executable action, String... fragments) {
        BadInputException e = assertThrows(BadInputException.class, action);
        assertEquals(expectedFile, e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expectedFile + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void missingRootOrSubfolder() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        for (String kind : SegmentationDatasets.kinds()) {
            bad(nowhere, () -> SegmentationDatasets.open(kind, nowhere, Map.of()), "missing: no such folder", "dataset root");
        }
        Path file = TinyData.write(dir.resolve("file"), "x");
        bad(file, () -> SegmentationDatasets.open("gta5", file, Map.of()), "is a file");

        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001");
        deleteTree(gta.resolve("labels"));
        bad(gta.resolve("labels"), () -> SegmentationDatasets.open("gta5", gta, Map.of()), "missing folder", "labels/NNNNN.png",
                "gta5/ has: images");
        SegmentationDatasets.open("gta5", gta, Map.of("labelled", "false"));   // fine without labels

        Path synthia = Files.createDirectories(dir.resolve("synthia/RGB"));
        bad(synthia.getParent().resolve("GT"), () -> SegmentationDatasets.open("synthia", synthia.getParent(), Map.of()),
                "missing folder", "GT/LABELS");

        Path cs = TinyData.cityscapes(dir.resolve("cs"), "train", "aachen_000000_000019");
        bad(cs.resolve("leftImg8bit/val"), () -> SegmentationDatasets.open("cityscapes", cs, Map.of("split", "val")),
                "missing folder", "split val", "leftImg8bit/ has: train");
        bad(cs.resolve("leftImg8bit_foggy"), () -> SegmentationDatasets.open("foggy-cityscapes", cs, Map.of()),
                "missing folder", "leftImg8bit_foggy", "advent fog");
        deleteTree(cs.resolve("gtFine"));
        bad(cs.resolve("gtFine"), () -> SegmentationDatasets.open("cityscapes", cs, Map.of()), "missing folder", "unlabelled");
    }

    @Test
    void emptySplitSaysWhereItLooked() throws Exception {
        Path cs = dir.resolve("cs");
        Files.createDirectories(cs.resolve("leftImg8bit/val/frankfurt"));
        TinyData.write(cs.resolve("leftImg8bit/val/frankfurt/readme.txt"), "not an image");
        bad(cs.resolve("leftImg8bit/val"), () -> SegmentationDatasets.open("cityscapes", cs, Map.of("split", "val")),
                "no images found", "{city}/*_leftImg8bit.png");
        Path gta = Files.createDirectories(dir.resolve("gta5/images"));
        Files.createDirectories(dir.resolve("gta5/labels"));
        bad(gta, () -> SegmentationDatasets.open("gta5", gta.getParent(), Map.of()), "no images found", "*.png");
        // foggy: the beta asked for is absent, the others are named
        Path root = TinyData.cityscapes(dir.resolve("fog"), "val", "frankfurt_000000_000294");
        TinyData.foggy(root, "val", "0.005", "frankfurt_000000_000294");
        TinyData.foggy(root, "val", "0.01", "frankfurt_000000_000294");
        bad(root.resolve("leftImg8bit_foggy/val"), () -> SegmentationDatasets.open("foggy-cityscapes", root, Map.of("split", "val")),
                "no images found", "_beta_0.02.png", "it holds beta 0.005, 0.01");
    }

    @Test
    void unpairedFilesAreListedByName() throws Exception {
        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001", "00002", "00003", "00004");
        Files.delete(gta.resolve("labels/00002.png"));
        Files.delete(gta.resolve("images/00004.png"));
        BadInputException e = bad(gta.resolve("labels"), () -> SegmentationDatasets.open("gta5", gta, Map.of()),
                "1 image without a label in " + gta.resolve("labels") + ": 00002.png",
                "1 label without an image in " + gta.resolve("images") + ": 00004.png", "unpaired=skip");
        assertTrue(e.getMessage().length() < 400);
        SegmentationDataset skipped = SegmentationDatasets.open("gta5", gta, Map.of("unpaired", "skip"));
        assertEquals(2, skipped.size());
        assertEquals("00003", skipped.name(1));

        // many: the first five and a count
        Path many = dir.resolve("many");
        for (int i = 0; i < 9; i++) {
            RawPng.rgb8(many.resolve("images/" + i + ".png"), 4, 2, new int[24]);
        }
        Files.createDirectories(many.resolve("labels"));
        bad(many.resolve("labels"), () -> SegmentationDatasets.open("gta5", many, Map.of()),
                "9 images without a label", "0.png, 1.png, 2.png, 3.png, 4.png and 4 more");

        Path cs = TinyData.cityscapes(dir.resolve("cs"), "val", "frankfurt_000000_000294", "lindau_000001_000019");
        Files.delete(cs.resolve("gtFine/val/lindau/lindau_000001_000019_gtFine_labelIds.png"));
        bad(cs.resolve("gtFine/val"), () -> SegmentationDatasets.open("cityscapes", cs, Map.of("split", "val")),
                "lindau_000001_000019_leftImg8bit.png");

        Path folder = dir.resolve("folder");
        RawPng.rgb8(folder.resolve("images/a.png"), 4, 2, new int[24]);
        RawPng.rgb8(folder.resolve("images/a.jpg"), 4, 2, new int[24]);
        Files.createDirectories(folder.resolve("labels"));
        bad(folder.resolve("images"), () -> SegmentationDatasets.open("folder", folder, Map.of()), "two image files named 'a'");
        Files.delete(folder.resolve("images/a.jpg"));
        RawPng.rgb8(folder.resolve("labels/a.jpg"), 4, 2, new int[24]);
        bad(folder.resolve("labels/a.jpg"), () -> SegmentationDatasets.open("folder", folder, Map.of()), "lossy", "PNG");
    }

    @Test
    void imageAndLabelOfDifferentSizesAreRefusedBeforeAnyResize() {
        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001", "00002");
        RawPng.palette8(gta.resolve("labels/00002.png"), W - 1, H, new int[(W - 1) * H], false);
        SegmentationDataset dataset = SegmentationDatasets.open("gta5", gta, Map.of());
        dataset.get(0);
        bad(gta.resolve("labels/00002.png"), () -> dataset.get(1), "label is 39x20 but its image", "is 40x20");
        bad(gta.resolve("labels/00002.png"), () -> dataset.labels(1), "label is 39x20");
        SegmentationSample resized = SegmentationDatasets.open("gta5", gta, Map.of("size-mismatch", "resize", "size", "20x10")).get(1);
        assertEquals(200, resized.labels().length);
    }

    @Test
    void corruptFilesAreReportedWhenRead() throws Exception {
        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001", "00002", "00003");
        byte[] bytes = Files.readAllBytes(gta.resolve("images/00002.png"));
        Files.write(gta.resolve("images/00002.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(gta.resolve("labels/00003.png"), "garbage");
        SegmentationDataset dataset = SegmentationDatasets.open("gta5", gta, Map.of("size", "native"));
        dataset.get(0);
        bad(gta.resolve("images/00002.png"), () -> dataset.get(1), "truncated PNG");
        bad(gta.resolve("labels/00003.png"), () -> dataset.get(2), "not an image");
    }

    @Test
    void labelValuesThatCannotBeIdsAreRefused() {
        Path cs = TinyData.cityscapes(dir.resolve("cs"), "val", "frankfurt_000000_000294");
        Path label = cs.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png");
        int[] instanceIds = new int[W * H];
        java.util.Arrays.fill(instanceIds, 26001);
        RawPng.grey16(label, W, H, instanceIds);
        SegmentationDataset dataset = SegmentationDatasets.open("cityscapes", cs, Map.of("split", "val"));
        bad(label, () -> dataset.get(0), "16-bit label image", "8-bit label ids", "instanceIds");
        RawPng.rgb8(label, W, H, TinyData.rgb(W, H, 0));
        bad(label, () -> dataset.get(0), "8-bit RGB image", "single-channel");

        Path synthia = TinyData.synthia(dir.resolve("synthia"), "0000000");
        Path gt = synthia.resolve("GT/LABELS/0000000.png");
        RawPng.rgb8(gt, W, H, TinyData.rgb(W, H, 0));
        bad(gt, () -> SegmentationDatasets.open("synthia", synthia, Map.of()).get(0), "8-bit label image", "16-bit PNGs", "GT/COLOR");
    }

    @Test
    void unknownIdsAreCountedAndReported() {
        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001", "00002");
        SegmentationDataset dataset = SegmentationDatasets.open("gta5", gta, Map.of("size", "20x10"));
        UnknownIdCensus census = dataset.unknownIds();
        assertEquals(-1, census.unknownPixels(0));
        assertTrue(census.summary().contains("every label id known"), census.summary());
        dataset.get(0);
        dataset.get(0);   // a sample is counted once, however often it is read
        // stripes 6 (id 34) and 8 (id 200) are unknown: 4 columns x 19 rows each, at the file's resolution
        assertEquals(2 * 4 * (H - 1), census.unknownPixels(0));
        assertEquals(2 * 4 * (H - 1), census.unknownPixels());
        assertEquals(-1, census.unknownPixels(1));
        dataset.labels(1);
        assertEquals(4L * 4 * (H - 1), census.unknownPixels());
        assertEquals(Map.of(34, 2L * 4 * (H - 1), 200, 2L * 4 * (H - 1)), census.unknownIds());
        assertEquals(2, census.samplesWithUnknownIds());
        assertEquals(2, census.samplesRead());
        assertEquals(2L * W * H, census.pixelsRead());
        String summary = census.summary();
        assertTrue(summary.contains("304 of 1,600 label pixels in 2 of 2 samples read had ids outside the label map gta5"), summary);
        assertTrue(summary.contains("id 34: 152, id 200: 152") && summary.contains("ignored (255)"), summary);
    }

    @Test
    void fileListProblemsNameTheLine() {
        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001", "00002");
        Path missing = TinyData.write(dir.resolve("a.txt"), "00001.png\n00009.png\n");
        bad(missing, () -> SegmentationDatasets.open("gta5", gta, Map.of("list", missing.toString())),
                "line 2: no image '00009.png'", gta.resolve("images").toString());
        Path twice = TinyData.write(dir.resolve("b.txt"), "00001.png\n00002.png\n00001\n");
        bad(twice, () -> SegmentationDatasets.open("gta5", gta, Map.of("list", twice.toString())),
                "line 3: '00001' is listed twice (first on line 1)");
        Path empty = TinyData.write(dir.resolve("c.txt"), "# nothing\n\n");
        bad(empty, () -> SegmentationDatasets.open("gta5", gta, Map.of("list", empty.toString())), "names no sample");
        Path none = dir.resolve("none.txt");
        bad(none, () -> SegmentationDatasets.open("gta5", gta, Map.of("list", none.toString())), "missing file list");
        // with a list, only listed samples need labels
        RawPng.rgb8(gta.resolve("images/00003.png"), W, H, TinyData.rgb(W, H, 3));
        Path listed = TinyData.write(dir.resolve("d.txt"), "00002.png\n");
        assertEquals(1, SegmentationDatasets.open("gta5", gta, Map.of("list", listed.toString())).size());
    }

    @Test
    void unknownKindsAndOptionsAreUsageErrors() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("cityscape", dir, Map.of()));
        assertEquals("unknown dataset 'cityscape'; known: acdc, cityscapes, dark-zurich, foggy-cityscapes, folder, gta5, synthia", kind.getMessage());
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("gta5", dir, Map.of("beta", "0.02")));
        assertTrue(option.getMessage().startsWith("unknown option 'beta' for dataset 'gta5'; known: labelled, list, size"),
                option.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("foggy-cityscapes", dir, Map.of("beta", "0.03"))).getMessage()
                .contains("beta must be one of 0.005, 0.01, 0.02"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("gta5", dir, Map.of("size", "big"))).getMessage().contains("WIDTHxHEIGHT"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("cityscapes", dir, Map.of("classes", "13"))).getMessage().contains("19 or 16"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("gta5", dir, Map.of("labelled", "maybe"))).getMessage().contains("true or false"));
        Path folder = TinyData.gta5(dir.resolve("f"), "a");
        bad(dir.resolve("nomap.txt"), () -> SegmentationDatasets.open("folder", folder, Map.of("labels", dir.resolve("nomap.txt").toString())),
                "missing label-map file", "cityscapes, gta5");
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
