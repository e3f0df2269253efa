package io.github.advent.entropy;

import static io.github.advent.entropy.testing.Close.assertRelative;
import static io.github.advent.entropy.testing.Close.assertScalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.advent.entropy.testing.Fixtures;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;

class EntropyMapsTest extends ManagedTest {
    @Test
    void uniformTwoClassPredictionHasEntropyOneAndHalfABitPerClass() {
        NDArray logits = manager.zeros(new Shape(1, 2, 1, 1));
        NDArray p = EntropyMaps.groupSoftmax(logits, 2);
        NDArray info = EntropyMaps.selfInformation(p, 2);
        assertRelative(new float[] {0.5f, 0.5f}, new Shape(1, 2, 1, 1), info, 1e-7);
        assertRelative(new float[] {1f}, new Shape(1, 1, 1, 1), EntropyMaps.entropy(info, 2), 1e-7);
    }

    @Test
    void entropyIsNormalisedByLog2OfTheClassCount() {
        // uniform over 4 classes: -0.25·log2(0.25)/log2(4) = 0.25 per class, entropy 1
        NDArray info = EntropyMaps.selfInformation(manager.full(new Shape(1, 4, 1, 1), 0.25f), 4);
        assertRelative(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, new Shape(1, 4, 1, 1), info, 1e-7);
        // one certain class: 0·log 0 counts as 0 thanks to the 1e-30 shift
        NDArray certain = EntropyMaps.selfInformation(manager.create(new float[] {1, 0, 0, 0}, new Shape(1, 4, 1, 1)), 4);
        assertRelative(new float[] {0, 0, 0, 0}, new Shape(1, 4, 1, 1), certain, 0);
    }

    @Test
    void groupsTakeTheirSoftmaxAndEntropySeparately() {
        // G = 2 groups of K = 2 at one position: group 0 uniform, group 1 nearly certain
        NDArray logits = manager.create(new float[] {0, 0, 30, 0}, new Shape(1, 4, 1, 1));
        NDArray p = EntropyMaps.groupSoftmax(logits, 2);
        float[] probabilities = p.toFloatArray();
        assertEquals(0.5f, probabilities[0], 1e-7);
        assertEquals(0.5f, probabilities[1], 1e-7);
        assertEquals(1f, probabilities[2], 1e-7);
        assertEquals(0f, probabilities[3], 1e-12);
        float[] entropy = EntropyMaps.entropy(EntropyMaps.selfInformation(p, 2), 2).toFloatArray();
        assertEquals(1f, entropy[0], 1e-6);
        assertEquals(0f, entropy[1], 1e-10);
    }

    @Test
    void channelsMustBeWholeGroups() {
        NDArray logits = manager.zeros(new Shape(1, 5, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> EntropyMaps.groupSoftmax(logits, 2));
        assertThrows(IllegalArgumentException.class, () -> EntropyMaps.selfInformation(logits, 1));
        assertThrows(IllegalArgumentException.class, () -> EntropyMaps.groupSoftmax(manager.zeros(new Shape(5, 2)), 5));
    }

    @Test
    void mapsAndTheirGradientMatchPyTorch() {
        for (JsonElement element : Fixtures.load("core_fixtures.json").getAsJsonArray("entropy")) {
            JsonObject c = element.getAsJsonObject();
            int k = c.get("classes").getAsInt();
            NDArray logits = Fixtures.array(manager, c.get("logits"));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray p = EntropyMaps.groupSoftmax(logits, k);
                NDArray info = EntropyMaps.selfInformation(p, k);
                NDArray entropy = EntropyMaps.entropy(info, k);
                NDArray mean = EntropyLosses.meanEntropy(entropy);
                assertRelative(Fixtures.floats(c.get("probabilities")), Fixtures.shape(c.get("probabilities")), p, 1e-6);
                assertRelative(Fixtures.floats(c.get("self_information")), Fixtures.shape(c.get("self_information")), info, 1e-6);
                assertRelative(Fixtures.floats(c.get("entropy")), Fixtures.shape(c.get("entropy")), entropy, 1e-6);
                assertScalar(c.get("mean_entropy").getAsDouble(), mean, 1e-6);
                collector.backward(mean);
            }
            assertRelative(Fixtures.floats(c.get("mean_entropy_grad")), Fixtures.shape(c.get("mean_entropy_grad")),
                    logits.getGradient(), 1e-5);
        }
    }
}
