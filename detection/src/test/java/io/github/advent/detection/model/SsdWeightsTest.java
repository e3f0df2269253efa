package io.github.advent.detection.model;

import io.github.advent.entropy.weights.WeightImport;
import io.github.advent.entropy.weights.KeyMismatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.detection.DetectionFixtures;
import io.github.advent.entropy.checkpoint.CheckpointMismatchException;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SsdWeightsTest extends ManagedTest {
    private static final Path SOURCE = Path.of("some/ssd.pth");
    private static final SsdConfig TINY = Ssd300OutputTest.TINY;

    private Ssd300 fresh(SsdConfig config) {
        return Ssd300.create(manager, config, new SplitMix64(11));
    }

    private static Map<String, float[]> values(Ssd300 network) {
        Map<String, float[]> out = new LinkedHashMap<>();
        network.stateDict().forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }

    private static void assertSameValues(Map<String, float[]> expected, Ssd300 network) {
        network.stateDict().forEach((k, p) -> assertArrayEquals(expected.get(k), p.getArray().toFloatArray(), k));
    }

    private static TensorData floats(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(TensorType.FLOAT32, shape, b);
    }

    /** Values that tell where they came from: element i holds i. */
    private static TensorData indices(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return floats(v, shape);
    }

    @Test
    void layoutsAreRecognisedFromKeys() {
        assertEquals(SsdWeights.Layout.SSD_PYTORCH,
                SsdWeights.detectLayout(DetectionFixtures.read(DetectionFixtures.TINY_PTH).keySet()));
        assertEquals(SsdWeights.Layout.REDUCED_FC,
                SsdWeights.detectLayout(DetectionFixtures.read(DetectionFixtures.TINY_REDUCED_FC_PTH).keySet()));
        assertEquals(SsdWeights.Layout.TORCHVISION_VGG16,
                SsdWeights.detectLayout(List.of("features.0.weight", "classifier.6.bias")));
        assertEquals(SsdWeights.Layout.SSD_PYTORCH,
                SsdWeights.detectLayout(List.of("module.vgg.0.weight", "module.conf.0.weight")));
        assertEquals("module", SsdWeights.commonExtraPrefix(List.of("module.vgg.0.weight", "module.loc.1.bias")));
        assertEquals("", SsdWeights.commonExtraPrefix(List.of("0.weight", "2.weight")));
    }

    @Test
    void reducedFcLoadsTheBackboneAndKeepsTheRest() {
        Ssd300 network = fresh(TINY);
        Map<String, float[]> before = values(network);
        Map<String, TensorData> full = DetectionFixtures.read(DetectionFixtures.TINY_PTH);
        // legacy (pre-1.6) serialisation, keys '0.weight' … '33.bias'
        WeightImport report = SsdWeights.importFile(
                DetectionFixtures.path(DetectionFixtures.TINY_REDUCED_FC_PTH), network, true);
        assertEquals(SsdWeights.Layout.REDUCED_FC, report.layout());
        assertTrue(report.isExact(), report::summary);
        assertEquals(30, report.loaded().size()); // 15 convolutions
        assertEquals(1 + 16 + 12 + 12, report.keptInitialised().size()); // L2Norm, extras, loc, conf
        network.stateDict().forEach((k, p) -> {
            float[] expected = k.startsWith("vgg.") ? full.get(k).toFloatArray() : before.get(k);
            assertArrayEquals(expected, p.getArray().toFloatArray(), k);
        });
    }

    @Test
    void fc6AndFc7AreDecimatedIntoConv6AndConv7() {
        // width divisor 32: conv6 is 32 x 16 x 3 x 3, conv7 32 x 32 x 1 x 1; torchvision's fc6 128 x (16·49), fc7 128 x 128
        TensorData fc6 = indices(128, 16 * 49);
        float[] conv6 = SsdWeights.fc6ToConv6(fc6, new long[] {32, 16, 3, 3}).toFloatArray();
        for (int o = 0; o < 32; o++) {
            for (int c = 0; c < 16; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        // row 4·o; column c·49 + (3y)·7 + 3x of the channel-major 16 x 7 x 7 input
                        float expected = 4 * o * (16 * 49) + c * 49 + 3 * y * 7 + 3 * x;
                        assertEquals(expected, conv6[((o * 16 + c) * 3 + y) * 3 + x], "conv6[" + o + "," + c + "," + y + "," + x + "]");
                    }
                }
            }
        }
        float[] conv7 = SsdWeights.fc7ToConv7(indices(128, 128), new long[] {32, 32, 1, 1}).toFloatArray();
        assertEquals(4 * 5 * 128 + 4 * 7, conv7[5 * 32 + 7]);
        assertArrayEquals(new float[] {0, 4, 8}, java.util.Arrays.copyOf(
                SsdWeights.fc6ToConv6(indices(128), new long[] {32}).toFloatArray(), 3));
        // shapes that do not correspond
        assertEquals(null, SsdWeights.fc6ToConv6(indices(128, 16 * 48), new long[] {32, 16, 3, 3}));
        assertEquals(null, SsdWeights.fc7ToConv7(indices(64, 128), new long[] {32, 32, 1, 1}));
    }

    @Test
    void torchvisionVgg16ImportsFeaturesAndConvertedFcLayers(@TempDir Path dir) throws IOException {
        Map<String, TensorData> full = DetectionFixtures.read(DetectionFixtures.TINY_PTH);
        List<TensorEntry> entries = new java.util.ArrayList<>();
        full.forEach((k, v) -> {
            int layer = k.startsWith("vgg.") ? Integer.parseInt(k.split("\\.")[1]) : -1;
            if (layer >= 0 && layer <= 28) {
                entries.add(TensorEntry.of("features." + k.substring(4), v));
            }
        });
        entries.add(TensorEntry.of("classifier.0.weight", indices(128, 16 * 49)));
        entries.add(TensorEntry.of("classifier.0.bias", indices(128)));
        entries.add(TensorEntry.of("classifier.3.weight", indices(128, 128)));
        entries.add(TensorEntry.of("classifier.3.bias", indices(128)));
        entries.add(TensorEntry.of("classifier.6.weight", indices(10, 128)));
        entries.add(TensorEntry.of("classifier.6.bias", indices(10)));
        Path file = dir.resolve("vgg16_tiny.safetensors");
        SafetensorsWriter.write(file, Map.of(), entries);

        Ssd300 network = fresh(TINY);
        Map<String, float[]> before = values(network);
        WeightImport report = SsdWeights.importFile(file, network, true);
        assertEquals(SsdWeights.Layout.TORCHVISION_VGG16, report.layout());
        assertTrue(report.isExact(), report::summary);
        assertEquals(List.of("vgg.31.weight", "vgg.31.bias", "vgg.33.weight", "vgg.33.bias"), report.converted());
        assertEquals(List.of("classifier.6.weight", "classifier.6.bias"), report.ignored());
        assertEquals(41, report.keptInitialised().size());
        assertTrue(report.summary().contains("(4 converted)"), report.summary());
        assertArrayEquals(full.get("vgg.28.weight").toFloatArray(),
                network.stateDict().get("vgg.28.weight").getArray().toFloatArray());
        assertArrayEquals(SsdWeights.fc6ToConv6(indices(128, 16 * 49), new long[] {32, 16, 3, 3}).toFloatArray(),
                network.stateDict().get("vgg.31.weight").getArray().toFloatArray());
        assertEquals(4 * 31, network.stateDict().get("vgg.33.bias").getArray().toFloatArray()[31]);
        assertArrayEquals(before.get("conf.2.weight"), network.stateDict().get("conf.2.weight").getArray().toFloatArray());

        // an fc6 for another width is mis-shaped, naming the file's key and the expected fc shape
        entries.set(entries.size() - 6, TensorEntry.of("classifier.0.weight", indices(64, 16 * 49)));
        SafetensorsWriter.write(file, Map.of(), entries);
        BadInputException e = assertThrows(BadInputException.class, () -> SsdWeights.importFile(file, fresh(TINY), true));
        assertTrue(e.getMessage().contains("'vgg.31.weight' is float32 [64, 784] (classifier.0.weight) in the file,"
                + " float32 [128, 784] (to convert to [32, 16, 3, 3]) in the model"), e.getMessage());
    }

    @Test
    void missingUnexpectedAndMisShapedAreReportedByName() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        DetectionFixtures.read(DetectionFixtures.TINY_PTH).forEach((k, v) -> tensors.put("module." + k, v));
        TensorData dropped = tensors.remove("module.L2Norm.weight");
        tensors.put("module.extras.9.weight", dropped);
        tensors.put("module.loc.0.weight", tensors.get("module.loc.1.weight")); // wrong shape

        Ssd300 network = fresh(TINY);
        Map<String, float[]> before = values(network);
        WeightImport report = SsdWeights.importTensors(SOURCE, tensors, network, false);
        assertEquals("module", report.droppedPrefix());
        assertEquals(List.of("L2Norm.weight"), report.missing());
        assertEquals(List.of("module.extras.9.weight"), report.unexpected());
        assertEquals(List.of("loc.0.weight"), report.misShaped().stream().map(KeyMismatch::key).toList());
        assertArrayEquals(before.get("L2Norm.weight"), network.stateDict().get("L2Norm.weight").getArray().toFloatArray());
        assertArrayEquals(tensors.get("module.conf.5.bias").toFloatArray(),
                network.stateDict().get("conf.5.bias").getArray().toFloatArray());

        Ssd300 other = fresh(TINY);
        Map<String, float[]> untouched = values(other);
        BadInputException e = assertThrows(BadInputException.class,
                () -> SsdWeights.importTensors(SOURCE, tensors, other, true));
        assertEquals(SOURCE, e.file());
        for (String name : List.of("L2Norm.weight", "module.extras.9.weight", "loc.0.weight")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"));
        assertSameValues(untouched, other);
    }

    @Test
    void anotherClassCountMisShapesTheConfidenceHeads() {
        Path file = DetectionFixtures.path(DetectionFixtures.TINY_PTH);
        assertEquals(3, SsdWeights.headClasses(DetectionFixtures.read(DetectionFixtures.TINY_PTH)).getAsInt());
        WeightImport report = SsdWeights.importFile(file, fresh(new SsdConfig(32, 9)), false);
        assertEquals(12, report.misShaped().size());
        assertTrue(report.misShaped().stream().allMatch(m -> m.key().startsWith("conf.")));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SsdWeights.importFile(file, fresh(new SsdConfig(32, 9)), true));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void aFileWithNothingThatFitsIsRefusedEvenWhenNotStrict() {
        Map<String, TensorData> tensors = Map.of("layer1.0.conv1.weight", indices(4, 3, 3, 3));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SsdWeights.importTensors(SOURCE, tensors, fresh(TINY), false));
        assertTrue(e.getMessage().contains("no tensor fits SSD 'ssd300-vgg16-w2'"), e.getMessage());
    }

    @Test
    void checkpointRoundTripAndIdentity(@TempDir Path dir) {
        Ssd300 network = fresh(TINY);
        SsdWeights.importFile(DetectionFixtures.path(DetectionFixtures.TINY_PTH), network, true);
        Path checkpoint = dir.resolve("tiny.safetensors");
        SsdWeights.writeCheckpoint(checkpoint, network, "advent import-weights test");
        Map<String, String> header = WeightFiles.readSafetensorsMetadata(checkpoint);
        assertEquals("ssd300-vgg16-w2", header.get(Checkpoints.Keys.ARCHITECTURE));
        assertEquals("3", header.get(Checkpoints.Keys.CLASSES));
        assertEquals(SsdWeights.KIND, header.get(Checkpoints.Keys.KIND));
        assertTrue(WeightFiles.read(checkpoint).containsKey("network.L2Norm.weight"));
        assertTrue(SsdWeights.isAdventCheckpoint(checkpoint));
        assertFalse(SsdWeights.isAdventCheckpoint(DetectionFixtures.path(DetectionFixtures.TINY_PTH)));
        assertFalse(SsdWeights.isAdventCheckpoint(dir.resolve("absent.safetensors")));

        Ssd300 restored = fresh(TINY);
        SsdWeights.loadCheckpoint(checkpoint, restored);
        assertSameValues(values(network), restored);
        assertEquals(SsdWeights.Layout.CHECKPOINT, SsdWeights.restore(checkpoint, fresh(TINY), true).layout());
        assertEquals(SsdWeights.Layout.SSD_PYTORCH,
                SsdWeights.restore(DetectionFixtures.path(DetectionFixtures.TINY_PTH), fresh(TINY), true).layout());

        Ssd300 loaded = SsdWeights.fromCheckpoint(manager, checkpoint);
        assertEquals(TINY, loaded.config());
        assertSameValues(values(network), loaded);

        CheckpointMismatchException wrong = assertThrows(CheckpointMismatchException.class,
                () -> SsdWeights.loadCheckpoint(checkpoint, fresh(new SsdConfig(32, 9))));
        assertTrue(wrong.getMessage().contains(checkpoint.toString()));
        assertThrows(CheckpointMismatchException.class, () -> SsdWeights.loadCheckpoint(checkpoint, fresh(new SsdConfig(16, 3))));
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefusedByFromCheckpoint(@TempDir Path dir) {
        Path file = dir.resolve("deeplab.safetensors");
        Checkpoints.write(file, Checkpoints.header(new io.github.advent.entropy.checkpoint.ModelIdentity(
                "deeplabv2-resnet101", 19), SsdWeights.KIND, io.github.advent.entropy.checkpoint.Provenance.current("t")),
                List.of());
        BadInputException e = assertThrows(BadInputException.class, () -> SsdWeights.fromCheckpoint(manager, file));
        assertTrue(e.getMessage().contains("not an SSD network"), e.getMessage());
    }

    @Test
    void torchvisionsSsdKeysMapOntoTheNetwork() {
        assertEquals(SsdWeights.Layout.TORCHVISION_SSD, SsdWeights.detectLayout(List.of("backbone.features.0.weight",
                "head.classification_head.module_list.0.weight")));
        assertEquals(SsdWeights.Layout.TORCHVISION_SSD, SsdWeights.detectLayout(List.of("module.backbone.scale_weight",
                "module.head.regression_head.module_list.0.bias")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("backbone.features.0.weight", "vgg.0.weight");
        expected.put("backbone.features.21.bias", "vgg.21.bias");
        expected.put("backbone.scale_weight", "L2Norm.weight");
        expected.put("backbone.extra.0.1.weight", "vgg.24.weight");
        expected.put("backbone.extra.0.5.bias", "vgg.28.bias");
        expected.put("backbone.extra.0.7.1.weight", "vgg.31.weight");
        expected.put("backbone.extra.0.7.3.bias", "vgg.33.bias");
        expected.put("backbone.extra.1.0.weight", "extras.0.weight");
        expected.put("backbone.extra.1.2.weight", "extras.1.weight");
        expected.put("backbone.extra.4.2.bias", "extras.7.bias");
        expected.put("head.classification_head.module_list.5.bias", "conf.5.bias");
        expected.put("head.regression_head.module_list.0.weight", "loc.0.weight");
        expected.forEach((file, network) -> assertEquals(network, SsdWeights.torchvisionKey(file), file));
        // pool4 (features.23) and anything else of torchvision's have no parameters here
        assertEquals(null, SsdWeights.torchvisionKey("backbone.features.23.weight"));
        assertEquals(null, SsdWeights.torchvisionKey("backbone.extra.0.2.weight"));
        assertEquals(null, SsdWeights.torchvisionKey("anchor_generator.weight"));
        Map<String, TensorData> heads = Map.of("head.classification_head.module_list.0.weight", indices(4 * 91, 16, 3, 3));
        assertEquals(91, SsdWeights.headClasses(heads).getAsInt());
    }

    @Test
    void torchvisionWeightsAreRefusedByANetworkOfSsdPytorchsConventions() {
        Map<String, TensorData> tensors = Map.of("head.regression_head.module_list.0.bias", indices(16));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SsdWeights.importTensors(SOURCE, tensors, fresh(new SsdConfig(32, 3)), false));
        assertTrue(e.getMessage().contains("expect torchvision's default boxes and input"), e.getMessage());
        assertTrue(e.getMessage().contains("use 'ssd300-vgg16-w2-torchvision'"), e.getMessage());
        WeightImport report = SsdWeights.importTensors(SOURCE, tensors,
                fresh(new SsdConfig(32, 3, SsdConvention.TORCHVISION)), false);
        assertEquals(List.of("loc.0.bias"), report.loaded());
    }

    @Test
    void cocoHeadsStartCityscapesClassesFromTheirCategories() {
        // a 91-class torchvision head: row g * 91 + c of box g and COCO class c holds its index
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("head.classification_head.module_list.0.weight", indices(4 * 91, 16, 3, 3));
        tensors.put("head.classification_head.module_list.5.bias", indices(4 * 91));
        Ssd300 network = fresh(new SsdConfig(32, 9, SsdConvention.TORCHVISION));
        WeightImport report = SsdWeights.importTensors(SOURCE, tensors, network, false);
        assertTrue(report.summary().contains("confidence heads mapped COCO -> Cityscapes"), report.summary());
        assertEquals(List.of("conf.0.weight", "conf.5.bias"), report.loaded());
        // person, rider <- person (1); car <- 3; truck <- 8; bus <- 6; train <- 7; motorcycle <- 4; bicycle <- 2
        int[] coco = {0, 1, 1, 3, 8, 6, 7, 4, 2};
        float[] bias = network.stateDict().get("conf.5.bias").getArray().toFloatArray();
        float[] weight = network.stateDict().get("conf.0.weight").getArray().toFloatArray();
        int row = 16 * 9;
        for (int g = 0; g < 4; g++) {
            for (int k = 0; k < 9; k++) {
                assertEquals(g * 91 + coco[k], bias[g * 9 + k], "bias of box " + g + " class " + k);
                assertEquals((g * 91 + coco[k]) * row, weight[(g * 9 + k) * row], "weight of box " + g + " class " + k);
                assertEquals((g * 91 + coco[k]) * row + row - 1, weight[(g * 9 + k) * row + row - 1]);
            }
        }
        // another class count than COCO's has no map: the head is mis-shaped and keeps its initialisation
        WeightImport unmapped = SsdWeights.importTensors(SOURCE, Map.of("head.regression_head.module_list.0.bias",
                indices(16), "head.classification_head.module_list.5.bias", indices(4 * 7)), network, false);
        assertEquals(List.of("conf.5.bias"), unmapped.misShaped().stream().map(KeyMismatch::key).toList());
        assertArrayEquals(bias, network.stateDict().get("conf.5.bias").getArray().toFloatArray());
    }
}
