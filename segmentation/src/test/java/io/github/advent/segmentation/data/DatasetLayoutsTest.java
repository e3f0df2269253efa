package io.github.advent.segmentation.data;

import static io.github.advent.segmentation.data.TinyData.H;
import static io.github.advent.segmentation.data.TinyData.W;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.entropy.io.Resampling;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each layout on generated files: pairing, names, exact train ids, ADVENT pre-processing. */
class DatasetLayoutsTest {
    private static final Map<String, String> NATIVE = Map.of("size", W + "x" + H);

    @TempDir
    Path dir;

    private static void assertStripes(int[] labels, int width, int height, int[] ids, int[] trainIds) {
        int[] raw = TinyData.stripes(width, height, ids);
        for (int p = 0; p < labels.length; p++) {
            int id = raw[p];
            int expected = -1;
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    expected = trainIds[i];
                }
            }
            assertEquals(expected, labels[p], "pixel " + p + " (id " + id + ")");
        }
    }

    @Test
    void gta5PaletteLabelsGiveExactTrainIdsAndTheAdventInput() {
        Path root = TinyData.gta5(dir.resolve("gta5"), "00002", "00001", "00003");
        SegmentationDataset gta = SegmentationDatasets.open("gta5", root, NATIVE);
        assertEquals(3, gta.size());
        assertEquals(List.of("00001", "00002", "00003"), List.of(gta.name(0), gta.name(1), gta.name(2)), "sorted by name");
        assertEquals(root.resolve("images/00002.png"), gta.imageFile(1));
        assertEquals(root.resolve("labels/00002.png"), gta.labelFile(1));
        assertEquals(1, gta.indexOf("00002"));
        assertEquals(-1, gta.indexOf("00009"));

        SegmentationSample s = gta.get(1);   // written with seed 0
        assertEquals("00002", s.name());
        assertEquals(H, s.height());
        assertEquals(W, s.width());
        assertStripes(s.labels(), W, H, TinyData.CITYSCAPES_STRIPES, TinyData.CITYSCAPES_STRIPES_TRAIN);
        // BGR order, ADVENT mean subtracted in float32, no /255
        int[] rgb = TinyData.rgb(W, H, 0);
        for (int[] xy : new int[][] {{0, 0}, {7, 3}, {39, 19}, {21, 12}}) {
            int p = 3 * (xy[1] * W + xy[0]);
            assertEquals(rgb[p + 2] - 104.00698793f, s.pixel(0, xy[1], xy[0]), "B at " + xy[0] + "," + xy[1]);
            assertEquals(rgb[p + 1] - 116.66876762f, s.pixel(1, xy[1], xy[0]), "G");
            assertEquals(rgb[p] - 122.67891434f, s.pixel(2, xy[1], xy[0]), "R");
        }
        assertEquals(42 - 122.67891434f, s.pixel(2, 5, 7), 0f, "R = 6x at seed 0");
        assertEquals(Gta5Dataset.DEFAULT_SIZE, SegmentationDatasets.open("gta5", root, Map.of()).sampleSize());
    }

    @Test
    void resizingIsBicubicForImagesAndNearestForLabels() {
        Path root = TinyData.gta5(dir.resolve("gta5"), "00001");
        SegmentationDataset gta = SegmentationDatasets.open("gta5", root, Map.of("size", "17x9"));
        SegmentationSample s = gta.get(0);
        assertEquals(17, s.width());
        assertEquals(9, s.height());
        Image8 original = Images.readRgb(gta.imageFile(0));
        assertArrayEquals(Preprocessing.toNetworkInput(Resampling.bicubic(original, 17, 9)), s.image(), "PIL bicubic");
        assertFalse(java.util.Arrays.equals(Preprocessing.toNetworkInput(Resampling.nearest(original, 17, 9)), s.image()),
                "not nearest");
        // labels: nearest, so only train ids that exist, at PIL's nearest positions
        MappedLabels full = gta.labels(0);
        assertEquals(W, full.width());
        assertArrayEquals(Resampling.nearest(full.trainIds(), W, H, 17, 9), s.labels());
        Set<Integer> allowed = new HashSet<>();
        for (int t : TinyData.CITYSCAPES_STRIPES_TRAIN) {
            allowed.add(t);
        }
        for (int label : s.labels()) {
            assertTrue(allowed.contains(label), "interpolated label " + label);
        }
        assertArrayEquals(s.labels(), gta.trainingLabels(0).trainIds());
        // an upscale (the 1280x720 default) keeps labels valid too
        SegmentationSample big = SegmentationDatasets.open("gta5", root, Map.of()).get(0);
        assertEquals(1280 * 720, big.labels().length);
        for (int label : big.labels()) {
            assertTrue(allowed.contains(label));
        }
    }

    @Test
    void synthiaReadsTheClassIdFromTheFirstChannelOf16BitLabels() {
        Path root = TinyData.synthia(dir.resolve("synthia"), "0000001", "0000000");
        SegmentationDataset synthia = SegmentationDatasets.open("synthia", root, NATIVE);
        assertEquals(2, synthia.size());
        assertEquals("0000000", synthia.name(0));
        assertEquals(16, synthia.numClasses());
        assertStripes(synthia.get(0).labels(), W, H, TinyData.SYNTHIA_STRIPES, TinyData.SYNTHIA_STRIPES_TRAIN);
        assertEquals(SynthiaDataset.DEFAULT_SIZE, SegmentationDatasets.open("synthia", root, Map.of()).sampleSize());
    }

    @Test
    void cityscapesPairsFramesAcrossCitiesAndMapsLabelIds() {
        Path root = TinyData.cityscapes(dir.resolve("cs"), "val", "frankfurt_000000_000294", "lindau_000001_000019",
                "frankfurt_000000_000576");
        SegmentationDataset cs = SegmentationDatasets.open("cityscapes", root, Map.of("split", "val", "size", W + "x" + H));
        assertEquals(List.of("frankfurt_000000_000294", "frankfurt_000000_000576", "lindau_000001_000019"),
                List.of(cs.name(0), cs.name(1), cs.name(2)));
        assertEquals(root.resolve("gtFine/val/lindau/lindau_000001_000019_gtFine_labelIds.png"), cs.labelFile(2));
        assertStripes(cs.get(2).labels(), W, H, TinyData.CITYSCAPES_STRIPES, TinyData.CITYSCAPES_STRIPES_TRAIN);
        assertEquals(CityscapesDataset.DEFAULT_SIZE, SegmentationDatasets.open("cityscapes", root, Map.of("split", "val")).sampleSize());

        // SYNTHIA's 16 classes: terrain, truck, train ignored; sky is 9
        SegmentationDataset cs16 = SegmentationDatasets.open("cityscapes", root, Map.of("split", "val", "classes", "16", "size", "native"));
        assertEquals(16, cs16.numClasses());
        assertStripes(cs16.get(0).labels(), W, H, TinyData.CITYSCAPES_STRIPES,
                new int[] {0, 1, 255, 12, 9, 15, 255, 255, 255, 255});
    }

    @Test
    void cityscapesUnlabelledNeedsNoGtFine() throws Exception {
        Path root = TinyData.cityscapes(dir.resolve("cs"), "train", "aachen_000000_000019", "aachen_000001_000019");
        deleteTree(root.resolve("gtFine"));
        SegmentationDataset target = SegmentationDatasets.open("cityscapes", root, Map.of("labelled", "false", "size", "20x10"));
        assertFalse(target.labelled());
        SegmentationSample s = target.get(1);
        assertNull(s.labels());
        assertFalse(s.labelled());
        assertEquals(20, s.width());
        assertNull(target.labelFile(0));
    }

    @Test
    void fileListsNameSamplesAsAdventsListsDo() {
        Path gtaRoot = TinyData.gta5(dir.resolve("gta5"), "00001", "00002", "00003", "00004");
        Path gtaList = TinyData.write(dir.resolve("gta5_list/train.txt"), "00003.png\n\n# a comment\n00001.png\n");
        SegmentationDataset gta = SegmentationDatasets.open("gta5", gtaRoot, Map.of("list", gtaList.toString()));
        assertEquals(2, gta.size());
        assertEquals(List.of("00003", "00001"), List.of(gta.name(0), gta.name(1)), "in the list's order");

        Path csRoot = TinyData.cityscapes(dir.resolve("cs"), "val", "frankfurt_000000_000294", "lindau_000001_000019",
                "munster_000000_000019");
        Path csList = TinyData.write(dir.resolve("cityscapes_list/val.txt"),
                "lindau/lindau_000001_000019_leftImg8bit.png\nmunster_000000_000019\n");
        SegmentationDataset cs = SegmentationDatasets.open("cityscapes", csRoot, Map.of("split", "val", "list", csList.toString()));
        assertEquals(List.of("lindau_000001_000019", "munster_000000_000019"), List.of(cs.name(0), cs.name(1)));
        assertTrue(cs.labels(1).width() == W);
    }

    @Test
    void foggyCityscapesPicksOneBetaAndKeepsTheClearNames() {
        Path root = TinyData.cityscapes(dir.resolve("cs"), "val", "frankfurt_000000_000294", "lindau_000001_000019");
        for (String beta : new String[] {"0.005", "0.01", "0.02"}) {
            TinyData.foggy(root, "val", beta, "frankfurt_000000_000294", "lindau_000001_000019");
        }
        SegmentationDataset foggy = SegmentationDatasets.open("foggy-cityscapes", root,
                Map.of("split", "val", "beta", "0.010", "size", "native"));
        assertEquals(2, foggy.size(), "one file per frame: only beta 0.01");
        assertEquals("frankfurt_000000_000294", foggy.name(0));
        assertEquals(root.resolve("leftImg8bit_foggy/val/frankfurt/frankfurt_000000_000294_leftImg8bit_foggy_beta_0.01.png"),
                foggy.imageFile(0));
        assertEquals(root.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png"), foggy.labelFile(0));
        assertStripes(foggy.get(1).labels(), W, H, TinyData.CITYSCAPES_STRIPES, TinyData.CITYSCAPES_STRIPES_TRAIN);
        assertEquals("_leftImg8bit_foggy_beta_0.005.png", FoggyCityscapesDataset.imageSuffix("0.005"));
        SegmentationDataset clear = SegmentationDatasets.open("cityscapes", root, Map.of("split", "val"));
        assertEquals(clear.name(1), foggy.name(1));
        // default beta 0.02, and ADVENT list entries naming the clear files work for the foggy set
        Path list = TinyData.write(dir.resolve("val.txt"), "lindau/lindau_000001_000019_leftImg8bit.png\n");
        SegmentationDataset listed = SegmentationDatasets.open("foggy-cityscapes", root, Map.of("split", "val", "list", list.toString()));
        assertEquals(1, listed.size());
        assertTrue(listed.imageFile(0).toString().endsWith("lindau_000001_000019_leftImg8bit_foggy_beta_0.02.png"));
    }

    @Test
    void folderDatasetWithAUserLabelMapAndMixedImageFormats() throws Exception {
        Path root = dir.resolve("mine");
        int[] ids = new int[W * H];
        for (int p = 0; p < ids.length; p++) {
            ids[p] = (p % W) < 10 ? 1 : (p % W) < 20 ? 2 : (p % W) < 30 ? 7 : 5;   // 5 is not in the map
        }
        RawPng.rgb8(root.resolve("images/b.png"), W, H, TinyData.rgb(W, H, 1));
        BufferedImage jpeg = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(jpeg, "jpg", root.resolve("images/a.jpg").toFile());
        RawPng.grey8(root.resolve("labels/a.png"), W, H, ids);
        RawPng.grey8(root.resolve("labels/b.png"), W, H, ids);
        TinyData.write(root.resolve("images/notes.txt"), "ignored");
        Path map = TinyData.write(dir.resolve("map.txt"), "0 255\n1 0 road\n2 1 house\n7 1\n");
        SegmentationDataset folder = SegmentationDatasets.open("folder", root, Map.of("labels", map.toString()));
        assertEquals(2, folder.size());
        assertEquals(List.of("a", "b"), List.of(folder.name(0), folder.name(1)));
        assertEquals(2, folder.numClasses());
        assertNull(folder.sampleSize(), "folder samples keep their own size");
        SegmentationSample a = folder.get(0);
        assertEquals(W, a.width());
        assertEquals(0, a.label(0, 0));
        assertEquals(1, a.label(0, 15));
        assertEquals(1, a.label(0, 25));
        assertEquals(255, a.label(0, 35));
        assertEquals(10L * H, folder.unknownIds().unknownPixels(), "id 5 (10 columns) counted in sample a");
        // built-in map by name; default map is train-ids
        assertEquals(LabelMap.cityscapes(), SegmentationDatasets.open("folder", root, Map.of("labels", "cityscapes")).labelMap());
        assertEquals(LabelMap.trainIds(), SegmentationDatasets.open("folder", root, Map.of()).labelMap());
        // a map file relative to the root
        TinyData.write(root.resolve("classes.txt"), "1 0 road\n");
        assertEquals(1, SegmentationDatasets.open("folder", root, Map.of("labels", "classes.txt")).numClasses());
        // unlabelled: labels/ not needed
        SegmentationDataset images = SegmentationDatasets.open("folder", root, Map.of("labelled", "no", "size", "8x4"));
        assertEquals(8, images.get(1).width());
    }

    @Test
    void namesAreUniqueAndStable() {
        Path root = TinyData.gta5(dir.resolve("gta5"), "00010", "00002", "00001");
        SegmentationDataset a = SegmentationDatasets.open("gta5", root, Map.of());
        SegmentationDataset b = SegmentationDatasets.open("gta5", root, Map.of());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.name(i), b.name(i));
            names.add(a.name(i));
        }
        assertEquals(List.of("00001", "00002", "00010"), names);
        assertTrue(a.describe().contains("gta5 at " + root + ": 3 labelled samples, resized to 1280x720"), a.describe());
    }

    @Test
    void prefetchedSamplesEqualDirectReads() {
        Path root = TinyData.gta5(dir.resolve("gta5"), "00001", "00002", "00003", "00004", "00005");
        SegmentationDataset gta = SegmentationDatasets.open("gta5", root, Map.of("size", "24x12"));
        io.github.advent.entropy.data.SampleOrder order = io.github.advent.entropy.data.SampleOrder.shuffled(gta.size(), 1234);
        try (var prefetcher = new io.github.advent.entropy.data.Prefetcher<>(gta, order, 3, 3, 4)) {
            for (long i = 3; i < 15; i++) {
                SegmentationSample expected = gta.get(order.index(i));
                SegmentationSample actual = prefetcher.next();
                assertEquals(expected.name(), actual.name());
                assertArrayEquals(expected.image(), actual.image());
                assertArrayEquals(expected.labels(), actual.labels());
            }
        }
        assertEquals(5, gta.unknownIds().samplesRead());
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
