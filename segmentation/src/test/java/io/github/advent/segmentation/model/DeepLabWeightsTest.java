package io.github.advent.segmentation.model;

import io.github.advent.entropy.weights.WeightImport;
import io.github.advent.entropy.weights.KeyMismatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.checkpoint.CheckpointMismatchException;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepLabWeightsTest extends ManagedTest {
    private static final Path SOURCE = Path.of("some/weights.pth");

    private DeepLabV2 fresh(DeepLabConfig config) {
        return DeepLabV2.create(manager, config, new SplitMix64(11));
    }

    private static Map<String, float[]> values(DeepLabV2 network) {
        Map<String, float[]> out = new LinkedHashMap<>();
        network.stateDict().forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }

    private static void assertSameValues(Map<String, float[]> expected, DeepLabV2 network) {
        network.stateDict().forEach((k, p) -> assertArrayEquals(expected.get(k), p.getArray().toFloatArray(), k));
    }

    @Test
    void layoutsAreRecognisedFromKeys() {
        assertEquals(DeepLabWeights.Layout.ADVENT,
                DeepLabWeights.detectLayout(ModelFixtures.read(ModelFixtures.ADVENT_PTH).keySet()));
        assertEquals(DeepLabWeights.Layout.ADVENT,
                DeepLabWeights.detectLayout(ModelFixtures.read(ModelFixtures.ADVENT_FP16_NPZ).keySet()));
        assertEquals(DeepLabWeights.Layout.DEEPLAB_IMAGENET,
                DeepLabWeights.detectLayout(ModelFixtures.read(ModelFixtures.IMAGENET_PTH).keySet()));
        assertEquals(DeepLabWeights.Layout.TORCHVISION,
                DeepLabWeights.detectLayout(ModelFixtures.read(ModelFixtures.TORCHVISION_PTH).keySet()));
        // a DataParallel-style prefix on an ADVENT checkpoint keeps layer5 (it has layer6)
        assertEquals(DeepLabWeights.Layout.ADVENT,
                DeepLabWeights.detectLayout(List.of("module.conv1.weight", "module.layer5.conv2d_list.0.weight",
                        "module.layer6.conv2d_list.0.weight")));
        assertEquals("", DeepLabWeights.commonExtraPrefix(List.of("conv1.weight", "x.bn1.weight")));
        assertEquals("Scale", DeepLabWeights.commonExtraPrefix(List.of("Scale.conv1.weight", "Scale.bn1.weight")));
    }

    @Test
    void adventCheckpointLoadsEveryTensorAndIgnoresNumBatchesTracked() {
        DeepLabV2 network = fresh(ModelFixtures.TINY);
        Map<String, TensorData> file = ModelFixtures.read(ModelFixtures.ADVENT_PTH);
        WeightImport report = DeepLabWeights.importFile(ModelFixtures.path(ModelFixtures.ADVENT_PTH), network, true);
        assertEquals(DeepLabWeights.Layout.ADVENT, report.layout());
        assertTrue(report.isExact());
        assertEquals(network.stateDict().size(), report.loaded().size());
        assertEquals(17, report.ignored().size()); // num_batches_tracked of 17 BNs (stem, 4 x 3, 4 downsamples)
        assertTrue(report.ignored().stream().allMatch(k -> k.endsWith(".num_batches_tracked")));
        network.stateDict().forEach((k, p) -> assertArrayEquals(file.get(k).toFloatArray(), p.getArray().toFloatArray(), k));
    }

    @Test
    void deeplabImagenetLayoutDropsThePrefixSkipsLayer5AndKeepsHeads() {
        DeepLabV2 network = fresh(ModelFixtures.TINY);
        Map<String, float[]> before = values(network);
        Map<String, TensorData> advent = ModelFixtures.read(ModelFixtures.ADVENT_PTH);
        // legacy (pre-1.6) serialisation, 'Scale.' prefix, a 7-class layer5 classifier
        WeightImport report = DeepLabWeights.importFile(ModelFixtures.path(ModelFixtures.IMAGENET_PTH), network, true);
        assertEquals(DeepLabWeights.Layout.DEEPLAB_IMAGENET, report.layout());
        assertEquals("Scale", report.droppedPrefix());
        assertTrue(report.isExact(), report::summary);
        assertEquals(8, report.ignored().size());
        assertTrue(report.ignored().stream().allMatch(k -> k.startsWith("Scale.layer5.")));
        assertEquals(16, report.keptInitialised().size());
        network.stateDict().forEach((k, p) -> {
            float[] expected = DeepLabV2.isHeadKey(k) ? before.get(k) : advent.get(k).toFloatArray();
            assertArrayEquals(expected, p.getArray().toFloatArray(), k);
        });
    }

    @Test
    void torchvisionLayoutSkipsFcAndKeepsHeads() {
        DeepLabV2 network = fresh(ModelFixtures.TINY);
        Map<String, float[]> before = values(network);
        Map<String, TensorData> advent = ModelFixtures.read(ModelFixtures.ADVENT_PTH);
        WeightImport report = DeepLabWeights.importFile(ModelFixtures.path(ModelFixtures.TORCHVISION_PTH), network, true);
        assertEquals(DeepLabWeights.Layout.TORCHVISION, report.layout());
        assertTrue(report.isExact(), report::summary);
        assertTrue(report.ignored().containsAll(List.of("fc.weight", "fc.bias", "bn1.num_batches_tracked")));
        assertEquals(16, report.keptInitialised().size());
        network.stateDict().forEach((k, p) -> {
            float[] expected = DeepLabV2.isHeadKey(k) ? before.get(k) : advent.get(k).toFloatArray();
            assertArrayEquals(expected, p.getArray().toFloatArray(), k);
        });
    }

    @Test
    void missingUnexpectedAndMisShapedAreReportedByName() {
        Map<String, TensorData> tensors = new LinkedHashMap<>(ModelFixtures.read(ModelFixtures.ADVENT_PTH));
        TensorData dropped = tensors.remove("layer2.0.bn2.running_var");
        tensors.put("layer7.0.conv1.weight", dropped);
        tensors.put("layer3.0.conv2.weight", tensors.get("layer3.0.conv1.weight")); // wrong shape
        tensors.put("layer1.0.bn1.weight", int64(tensors.get("layer1.0.bn1.weight").shape())); // wrong type

        DeepLabV2 network = fresh(ModelFixtures.TINY);
        Map<String, float[]> before = values(network);
        WeightImport report = DeepLabWeights.importTensors(SOURCE, tensors, network, false);
        assertFalse(report.isExact());
        assertEquals(List.of("layer2.0.bn2.running_var"), report.missing());
        assertEquals(List.of("layer7.0.conv1.weight"), report.unexpected());
        assertEquals(List.of("layer1.0.bn1.weight", "layer3.0.conv2.weight"),
                report.misShaped().stream().map(KeyMismatch::key).sorted().toList());
        assertTrue(report.summary().contains("'layer3.0.conv2.weight' is float32 [16, 32, 1, 1] in the file,"
                + " float32 [16, 16, 3, 3] in the model"), report.summary());
        assertTrue(report.summary().contains("int64 [4]"), report.summary());
        // not strict: the rest is loaded, the problem tensors keep their values
        assertArrayEquals(before.get("layer2.0.bn2.running_var"),
                network.stateDict().get("layer2.0.bn2.running_var").getArray().toFloatArray());
        assertArrayEquals(before.get("layer3.0.conv2.weight"),
                network.stateDict().get("layer3.0.conv2.weight").getArray().toFloatArray());
        assertArrayEquals(tensors.get("layer4.0.conv3.weight").toFloatArray(),
                network.stateDict().get("layer4.0.conv3.weight").getArray().toFloatArray());

        // strict: one line naming the file and each problem; nothing copied
        DeepLabV2 other = fresh(ModelFixtures.TINY);
        Map<String, float[]> untouched = values(other);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DeepLabWeights.importTensors(SOURCE, tensors, other, true));
        assertEquals(SOURCE, e.file());
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        for (String name : List.of("layer2.0.bn2.running_var", "layer7.0.conv1.weight", "layer3.0.conv2.weight",
                "layer1.0.bn1.weight")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"));
        assertSameValues(untouched, other);
    }

    @Test
    void classCountMismatchIsMisShapedHeadsAndStrictFailsWithTheFile() {
        DeepLabV2 network = fresh(new DeepLabConfig(Depth.RESNET14, 16, 19));
        Path file = ModelFixtures.path(ModelFixtures.ADVENT_PTH);
        WeightImport report = DeepLabWeights.importFile(file, network, false);
        assertEquals(16, report.misShaped().size());
        assertTrue(report.misShaped().stream().allMatch(m -> DeepLabV2.isHeadKey(m.key())));
        assertTrue(report.missing().isEmpty());
        BadInputException e = assertThrows(BadInputException.class, () -> DeepLabWeights.importFile(file, network, true));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("layer6.conv2d_list.0.weight"), e.getMessage());
    }

    @Test
    void missingHeadsOfAnAdventFileAreMissingNotKept() {
        Map<String, TensorData> tensors = new LinkedHashMap<>(ModelFixtures.read(ModelFixtures.ADVENT_PTH));
        tensors.keySet().removeIf(k -> k.startsWith("layer5."));
        WeightImport report = DeepLabWeights.importTensors(SOURCE, tensors, fresh(ModelFixtures.TINY), false);
        assertEquals(DeepLabWeights.Layout.ADVENT, report.layout());
        assertEquals(8, report.missing().size());
        assertTrue(report.keptInitialised().isEmpty());
    }

    @Test
    void aFileWithNothingThatFitsIsRefusedEvenWhenNotStrict() {
        Map<String, TensorData> tensors = Map.of("features.0.weight", ModelFixtures.read(ModelFixtures.ADVENT_PTH).get("conv1.weight"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DeepLabWeights.importTensors(SOURCE, tensors, fresh(ModelFixtures.TINY), false));
        assertTrue(e.getMessage().contains("features.0.weight"), e.getMessage());
    }

    @Test
    void checkpointRoundTripAndIdentity(@TempDir Path dir) {
        DeepLabV2 network = fresh(ModelFixtures.TINY);
        DeepLabWeights.importFile(ModelFixtures.path(ModelFixtures.ADVENT_PTH), network, true);
        Path checkpoint = dir.resolve("tiny.safetensors");
        DeepLabWeights.writeCheckpoint(checkpoint, network, "advent import-weights test");
        Map<String, String> header = WeightFiles.readSafetensorsMetadata(checkpoint);
        assertEquals("deeplabv2-resnet14-w4", header.get(Checkpoints.Keys.ARCHITECTURE));
        assertEquals("5", header.get(Checkpoints.Keys.CLASSES));
        assertEquals(DeepLabWeights.KIND, header.get(Checkpoints.Keys.KIND));
        assertTrue(WeightFiles.read(checkpoint).containsKey("network.layer3.0.downsample.1.running_var"));
        assertTrue(DeepLabWeights.isAdventCheckpoint(checkpoint));
        assertFalse(DeepLabWeights.isAdventCheckpoint(ModelFixtures.path(ModelFixtures.ADVENT_PTH)));

        DeepLabV2 restored = fresh(ModelFixtures.TINY);
        DeepLabWeights.loadCheckpoint(checkpoint, restored);
        assertSameValues(values(network), restored);

        WeightImport viaRestore = DeepLabWeights.restore(checkpoint, fresh(ModelFixtures.TINY), true);
        assertEquals(DeepLabWeights.Layout.CHECKPOINT, viaRestore.layout());
        assertEquals(DeepLabWeights.Layout.ADVENT,
                DeepLabWeights.restore(ModelFixtures.path(ModelFixtures.ADVENT_PTH), fresh(ModelFixtures.TINY), true).layout());

        DeepLabV2 loaded = DeepLabWeights.fromCheckpoint(manager, checkpoint);
        assertEquals(ModelFixtures.TINY, loaded.config());
        assertSameValues(values(network), loaded);

        // another class count or architecture: refused, naming the file
        CheckpointMismatchException wrong = assertThrows(CheckpointMismatchException.class,
                () -> DeepLabWeights.loadCheckpoint(checkpoint, fresh(new DeepLabConfig(Depth.RESNET14, 16, 19))));
        assertTrue(wrong.getMessage().contains(checkpoint.toString()));
        assertThrows(CheckpointMismatchException.class,
                () -> DeepLabWeights.loadCheckpoint(checkpoint, fresh(new DeepLabConfig(Depth.RESNET26, 16, 5))));
    }

    private static TensorData int64(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(8 * n)).order(ByteOrder.LITTLE_ENDIAN);
        return new TensorData(TensorType.INT64, shape, b);
    }
}
