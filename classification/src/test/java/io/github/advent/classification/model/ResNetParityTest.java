package io.github.advent.classification.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.testing.Fixtures;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.WeightImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torchvision 0.14's {@code resnet50}, filled with the seeded values of {@code make_classification_fixtures.py}, gives
 * logits that advent's ResNet reproduces to 1e-4 after importing the same state dict under torchvision's keys
 * (num_batches_tracked included, as torchvision writes it).
 */
class ResNetParityTest extends ManagedTest {
    @TempDir
    Path dir;

    @Test
    void importedResnet50GivesTorchvisionsLogits() throws Exception {
        ResNet network = new ResNet(ResNetConfig.resnet50(1000), new SplitMix64(0));
        network.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        Path file = dir.resolve("resnet50-seeded.safetensors");
        List<TensorEntry> entries = new ArrayList<>();
        SeededWeights.torchvisionStateDict(network).forEach((key, tensor) -> entries.add(TensorEntry.of(key, tensor)));
        SafetensorsWriter.write(file, Map.of(), entries);

        WeightImport report = ResNetWeights.importFile(file, network, true);
        assertTrue(report.isExact(), report.summary());
        assertEquals(ResNetWeights.Layout.TORCHVISION, report.layout());
        assertEquals(network.stateDict().size(), report.loaded().size(), "every tensor of the network comes from the file");
        assertEquals(53, report.ignored().size(), "resnet50's 53 batch norms each have a num_batches_tracked");

        float[] input = SeededWeights.inputs(new SplitMix64(SeededWeights.SEED_INPUT), 1, 64);
        float[] expected = Fixtures.floats(Fixtures.load("resnet50_logits.json"));
        float[][] logits = new float[1][];
        GradMode.noGrad(() -> {
            NDArray x = manager.create(input, new Shape(1, 3, 64, 64));
            NDList out = network.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertEquals(new Shape(1, 1000), out.head().getShape());
            logits[0] = out.head().toFloatArray();
        });
        float[] actual = logits[0];
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertTrue(worst <= 1e-4, "largest logit difference to torchvision " + worst);
    }
}
