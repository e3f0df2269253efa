package io.github.advent.segmentation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.IntImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelMapTest {
    @TempDir
    Path dir;

    @Test
    void cityscapesAndGta5TableIsTheSpecs() {
        int[][] spec = {{7, 0}, {8, 1}, {11, 2}, {12, 3}, {13, 4}, {17, 5}, {19, 6}, {20, 7}, {21, 8}, {22, 9}, {23, 10},
            {24, 11}, {25, 12}, {26, 13}, {27, 14}, {28, 15}, {31, 16}, {32, 17}, {33, 18}};
        for (LabelMap map : List.of(LabelMap.cityscapes(), LabelMap.gta5())) {
            assertEquals(19, map.numClasses());
            assertEquals(8, map.idBits());
            int mapped = 0;
            for (int id = 0; id < 256; id++) {
                int expected = 255;
                for (int[] pair : spec) {
                    if (pair[0] == id) {
                        expected = pair[1];
                    }
                }
                assertEquals(expected, map.trainId(id), map.name() + " id " + id);
                assertEquals(id <= 33, map.knows(id), "ids 0-33 are Cityscapes ids");
                mapped += expected != 255 ? 1 : 0;
            }
            assertEquals(19, mapped);
        }
        assertEquals(List.of("road", "sidewalk", "building", "wall", "fence", "pole", "light", "sign", "vegetation", "terrain",
                "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"), LabelMap.cityscapes().classNames());
        assertEquals("caravan", LabelMap.cityscapesIdName(29));
    }

    @Test
    void synthiaTableIsTheSpecs() {
        LabelMap map = LabelMap.synthia();
        Map<Integer, Integer> spec = Map.ofEntries(Map.entry(3, 0), Map.entry(4, 1), Map.entry(2, 2), Map.entry(21, 3),
                Map.entry(5, 4), Map.entry(7, 5), Map.entry(15, 6), Map.entry(9, 7), Map.entry(6, 8), Map.entry(1, 9),
                Map.entry(10, 10), Map.entry(17, 11), Map.entry(8, 12), Map.entry(19, 13), Map.entry(12, 14), Map.entry(11, 15));
        for (int id = 0; id < 300; id++) {
            assertEquals(spec.getOrDefault(id, 255), map.trainId(id), "synthia id " + id);
            assertEquals(id <= 22, map.knows(id));
        }
        assertEquals(16, map.idBits());
        assertEquals(16, map.numClasses());
        assertEquals("sky", map.classNames().get(9));
        assertEquals("bicycle", map.classNames().get(15));
        // every SYNTHIA class name is the Cityscapes name of the same class
        for (int t = 0; t < 16; t++) {
            assertTrue(LabelMap.CITYSCAPES_19_CLASSES.contains(map.classNames().get(t)));
        }
    }

    @Test
    void cityscapesInSynthiasSixteenClasses() {
        LabelMap map = LabelMap.cityscapes16();
        assertEquals(16, map.numClasses());
        assertEquals(9, map.trainId(23), "sky");
        assertEquals(255, map.trainId(22), "terrain");
        assertEquals(255, map.trainId(27), "truck");
        assertEquals(255, map.trainId(31), "train");
        assertEquals(13, map.trainId(28), "bus");
        assertEquals(15, map.trainId(33), "bicycle");
        for (int id = 0; id <= 33; id++) {
            int t19 = LabelMap.cityscapes().trainId(id);
            int t16 = map.trainId(id);
            if (t16 != 255) {
                assertEquals(LabelMap.cityscapes().classNames().get(t19), map.classNames().get(t16), "id " + id);
            }
        }
    }

    @Test
    void trainIdsMapIsTheIdentity() {
        LabelMap map = LabelMap.trainIds();
        for (int t = 0; t < 19; t++) {
            assertEquals(t, map.trainId(t));
        }
        assertTrue(map.knows(255));
        assertFalse(map.knows(19));
    }

    @Test
    void unknownIdsAreCountedNotSilent() {
        int[] ids = {7, 34, 34, 0, 200, 26, 34};
        MappedLabels m = LabelMap.cityscapes().map(new IntImage(7, 1, 8, ids));
        assertArrayEquals(new int[] {0, 255, 255, 255, 255, 13, 255}, m.trainIds());
        assertEquals(4, m.unknownPixels(), "0 is a known (ignored) id; 34 and 200 are unknown");
        assertEquals(Map.of(34, 3L, 200, 1L), m.unknownIds());
        assertThrows(IllegalArgumentException.class, () -> LabelMap.cityscapes().map(new IntImage(1, 1, 16, new int[] {300})));
    }

    @Test
    void paletteHasTheOfficialColours() {
        Palette p = Palette.cityscapes19();
        assertArrayEquals(new int[] {128, 64, 128}, p.rgb(0));
        assertArrayEquals(new int[] {244, 35, 232}, p.rgb(1));
        assertArrayEquals(new int[] {70, 130, 180}, p.rgb(10));
        assertArrayEquals(new int[] {220, 20, 60}, p.rgb(11));
        assertArrayEquals(new int[] {0, 0, 142}, p.rgb(13));
        assertArrayEquals(new int[] {119, 11, 32}, p.rgb(18));
        assertArrayEquals(new int[] {0, 0, 0}, p.rgb(255));
        assertArrayEquals(new int[] {70, 130, 180}, Palette.synthia16().rgb(9), "sky in SYNTHIA's numbering");
        var image = p.colourise(new int[] {0, 18, 255}, 3, 1);
        assertEquals(128, image.get(0, 0, 0));
        assertEquals(11, image.get(1, 0, 1));
        assertEquals(0, image.get(2, 0, 2));
    }

    @Test
    void classSubsets() {
        assertEquals(19, ClassSubset.ALL_19.size());
        assertEquals(16, ClassSubset.SYNTHIA_16.size());
        assertEquals(13, ClassSubset.SYNTHIA_13.size());
        for (int dropped : new int[] {9, 14, 16}) {
            assertFalse(ClassSubset.SYNTHIA_16.contains(dropped));
            assertFalse(ClassSubset.SYNTHIA_13.contains(dropped));
        }
        for (int dropped : new int[] {3, 4, 5}) {
            assertTrue(ClassSubset.SYNTHIA_16.contains(dropped));
            assertFalse(ClassSubset.SYNTHIA_13.contains(dropped));
        }
        assertEquals(List.of("road", "sidewalk", "building", "light", "sign", "vegetation", "sky", "person", "rider", "car",
                "bus", "motorcycle", "bicycle"), ClassSubset.SYNTHIA_13.names());
        assertEquals(ClassSubset.SYNTHIA_13.names(), ClassSubset.SYNTHIA_13_OF_16.names(), "the same 13 classes in both numberings");
        assertEquals(LabelMap.SYNTHIA_16_CLASSES, ClassSubset.ALL_16_OF_16.names());
        assertEquals(ClassSubset.SYNTHIA_16.names(), ClassSubset.ALL_16_OF_16.names());
        assertEquals(ClassSubset.SYNTHIA_13_OF_16, ClassSubset.of("13", 16));
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.of("19", 16));
    }

    @Test
    void loadsAUserLabelMap() {
        Path file = TinyData.write(dir.resolve("map.txt"), """
                # id trainId name
                0   255              # background, ignored
                1   0    road
                2   1    tall building
                7   1                # another building
                9	2	tree
                """);
        LabelMap map = LabelMap.load(file);
        assertEquals(3, map.numClasses());
        assertEquals(List.of("road", "tall building", "tree"), map.classNames());
        assertEquals(1, map.trainId(7));
        assertEquals(255, map.trainId(0));
        assertTrue(map.knows(0));
        assertFalse(map.knows(3));
        assertEquals(8, map.idBits());
        assertEquals(16, LabelMap.load(TinyData.write(dir.resolve("wide.txt"), "bits 16\n1 0\n")).idBits());
        assertEquals(16, LabelMap.load(TinyData.write(dir.resolve("big.txt"), "1000 0 x\n")).idBits());
        assertEquals("class 0", LabelMap.load(TinyData.write(dir.resolve("unnamed.txt"), "5 0\n")).classNames().get(0));
        assertEquals(LabelMap.synthia(), LabelMap.named("synthia"));
    }

    @Test
    void badUserLabelMapsAreNamedWithTheLine() {
        Map<String, String> cases = Map.of(
                "1 0 a\n1 1 b\n", "line 2: id 1 is mapped twice",
                "1 0\n2 2\n", "no id maps to 1",
                "1 0 road\n2 0 street\n", "line 2: train id 0 is named 'street' here and 'road' before",
                "x 0\n", "line 1: id 'x' is not a whole number",
                "1 300\n", "line 1: train id 300 is outside 0-255",
                "70000 0\n", "line 1: id 70000 is outside 0-65535",
                "1\n", "line 1: expected 'id trainId [name]'",
                "0 255\n", "no class",
                "bits 12\n1 0\n", "line 1: write 'bits 8' or 'bits 16'");
        int n = 0;
        for (var c : cases.entrySet()) {
            Path file = TinyData.write(dir.resolve("bad" + n++ + ".txt"), c.getKey());
            BadInputException e = assertThrows(BadInputException.class, () -> LabelMap.load(file), c.getKey());
            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
        }
        assertTrue(assertThrows(BadInputException.class, () -> LabelMap.load(dir.resolve("none.txt"))).getMessage()
                .contains("missing label-map file"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> LabelMap.named("cityscape"));
        assertTrue(unknown.getMessage().contains("unknown label map 'cityscape'; known: cityscapes, gta5"), unknown.getMessage());
        assertEquals(Set.of("cityscapes", "gta5", "cityscapes-16", "synthia", "train-ids"), Set.copyOf(LabelMap.builtInNames()));
    }
}
