package io.github.advent.classification.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightImport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNetWeightsTest extends ManagedTest {
    @TempDir
    Path dir;

    /** An ImageNet classifier into a network of other classes: the backbone loads, fc keeps its initialisation. */
    @Test
    void anotherClassCountKeepsAFreshClassifier() {
        ResNet source = new ResNet(ResNetConfig.parse("resnet14-w8", 10), new SplitMix64(0));
        source.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        Map<String, TensorData> tensors = SeededWeights.torchvisionStateDict(source);
        Map<String, TensorData> wrapped = new LinkedHashMap<>();
        tensors.forEach((key, tensor) -> wrapped.put("module." + key, tensor));

        ResNet office = ResNet.create(manager, ResNetConfig.parse("resnet14-w8", 31), new SplitMix64(5));
        float[] freshFc = office.stateDict().get("fc.weight").getArray().toFloatArray();
        WeightImport report = ResNetWeights.importTensors(Path.of("imagenet.pth"), wrapped, office, true);
        assertTrue(report.isExact(), report.summary());
        assertEquals("module", report.droppedPrefix());
        assertTrue(report.keptInitialised().contains("fc.weight") && report.keptInitialised().contains("fc.bias"), report.summary());
        assertArrayEquals(freshFc, office.stateDict().get("fc.weight").getArray().toFloatArray());
        assertArrayEquals(tensors.get("layer2.0.conv2.weight").toFloatArray(),
                office.stateDict().get("layer2.0.conv2.weight").getArray().toFloatArray());
    }

    @Test
    void checkpointRoundTripAndAnotherWidthIsRefused() {
        ResNet network = ResNet.create(manager, ResNetConfig.parse("resnet14-w8", 3), new SplitMix64(9));
        Path file = dir.resolve("classifier.safetensors");
        ResNetWeights.writeCheckpoint(file, network, "test");
        ResNet loaded = ResNetWeights.fromCheckpoint(manager, file);
        assertEquals("resnet14-w8", loaded.config().architecture());
        assertArrayEquals(network.stateDict().get("layer4.0.bn3.running_var").getArray().toFloatArray(),
                loaded.stateDict().get("layer4.0.bn3.running_var").getArray().toFloatArray());
        ResNet wider = ResNet.create(manager, ResNetConfig.parse("resnet14-w16", 3), new SplitMix64(9));
        assertThrows(RuntimeException.class, () -> ResNetWeights.restore(file, wider, true));
        ResNet narrow = new ResNet(ResNetConfig.parse("resnet14-w4", 3), new SplitMix64(0));
        narrow.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        BadInputException shapes = assertThrows(BadInputException.class, () -> ResNetWeights.importTensors(
                Path.of("wide.pth"), SeededWeights.torchvisionStateDict(network), narrow, true));
        assertTrue(shapes.getMessage().startsWith("wide.pth"), shapes.getMessage());
    }
}
