package io.github.advent.entropy;

import static io.github.advent.entropy.testing.Close.assertScalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.advent.entropy.testing.Fixtures;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;

class EntropyLossesTest extends ManagedTest {
    private NDArray map(float[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    @Test
    void meanEntropyAveragesEveryPosition() {
        NDArray entropy = map(new float[] {1, 0.5f, 0.25f, 0}, 1, 1, 2, 2);
        assertScalar(0.4375, EntropyLosses.meanEntropy(entropy), 1e-7);
    }

    @Test
    void maskLeavesPositionsOutOfSumAndCount() {
        NDArray entropy = map(new float[] {1, 0.5f, 0.25f, 0}, 1, 1, 2, 2);
        NDArray mask = map(new float[] {1, 0, 1, 0}, 1, 1, 2, 2);
        assertScalar((1 + 0.25) / 2, EntropyLosses.meanEntropy(entropy, mask), 1e-7);
        // a 1-channel mask applies to every group
        NDArray grouped = map(new float[] {1, 0.5f, 0.25f, 0, 0.8f, 0.6f, 0.4f, 0.2f}, 1, 2, 2, 2);
        assertScalar((1 + 0.25 + 0.8 + 0.4) / 4, EntropyLosses.meanEntropy(grouped, mask), 1e-7);
        assertScalar(0, EntropyLosses.meanEntropy(entropy, manager.zeros(new Shape(1, 1, 2, 2))), 0);
    }

    @Test
    void rankingKeepsTheHighestEntropyFractionOfEachImage() {
        // image 0: 0.1 … 1.0 → ceil(0.3·10) = 3 highest: 1.0, 0.9, 0.8; image 1: all 0.2 → 0.2 ×3
        float[] values = new float[20];
        for (int i = 0; i < 10; i++) {
            values[i] = (i + 1) / 10f;
            values[10 + i] = 0.2f;
        }
        NDArray entropy = map(values, 2, 1, 2, 5);
        assertScalar((1.0 + 0.9 + 0.8 + 0.6) / 6, EntropyLosses.rankedEntropy(entropy, 0.3, null), 1e-6);
        // ratio 1 is the plain mean
        assertScalar(EntropyLosses.meanEntropy(entropy).getFloat(), EntropyLosses.rankedEntropy(entropy, 1.0, null), 1e-6);
        // masked: image 0 keeps its 4 lowest values (0.1 … 0.4) → ceil(1.2) = 2 → 0.4, 0.3
        float[] maskValues = new float[20];
        for (int i = 0; i < 4; i++) {
            maskValues[i] = 1;
        }
        NDArray mask = map(maskValues, 2, 1, 2, 5);
        assertScalar((0.4 + 0.3) / 2, EntropyLosses.rankedEntropy(entropy, 0.3, mask), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> EntropyLosses.rankedEntropy(entropy, 0, null));
        assertThrows(IllegalArgumentException.class, () -> EntropyLosses.rankedEntropy(entropy, 1.5, null));
    }

    @Test
    void classPriorPenalisesOnlyClassesPredictedBelowMuTimesTheirSourceShare() {
        float[] source = {0.9f, 0.1f};
        // uniform prediction: 0.5 ≥ 0.45 and 0.5 ≥ 0.05 → no penalty
        NDArray uniform = map(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, 1, 2, 1, 2);
        assertScalar(0, EntropyLosses.classPrior(uniform, 2, source, 0.5), 0);
        // class 0 never predicted: 0.45 − 0 = 0.45
        NDArray onlyOne = map(new float[] {0, 0, 1, 1}, 1, 2, 1, 2);
        assertScalar(0.45, EntropyLosses.classPrior(onlyOne, 2, source, 0.5), 1e-7);
        // class 0 predicted on a quarter of the area: 0.45 − 0.25 = 0.2
        NDArray quarter = map(new float[] {0.5f, 0, 0.5f, 1}, 1, 2, 1, 2);
        assertScalar(0.2, EntropyLosses.classPrior(quarter, 2, source, 0.5), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> EntropyLosses.classPrior(uniform, 2, new float[3], 0.5));
    }

    @Test
    void lossesMatchThePythonReference() {
        for (JsonElement element : Fixtures.load("core_fixtures.json").getAsJsonArray("entropy")) {
            JsonObject c = element.getAsJsonObject();
            int k = c.get("classes").getAsInt();
            NDArray entropy = Fixtures.array(manager, c.get("entropy"));
            NDArray mask = Fixtures.array(manager, c.get("mask"));
            NDArray p = Fixtures.array(manager, c.get("probabilities"));
            assertScalar(c.get("masked_mean_entropy").getAsDouble(), EntropyLosses.meanEntropy(entropy, mask), 1e-6);
            assertScalar(c.get("ranked_entropy_0.3").getAsDouble(), EntropyLosses.rankedEntropy(entropy, 0.3, null), 1e-6);
            assertScalar(c.get("ranked_entropy_0.3_masked").getAsDouble(), EntropyLosses.rankedEntropy(entropy, 0.3, mask), 1e-6);
            float[] source = Fixtures.floats(c.get("source_distribution"));
            double prior = c.get("class_prior_0.5").getAsDouble();
            assertScalar(prior, EntropyLosses.classPrior(p, k, source, 0.5), 1e-6);
            assertEquals(true, prior > 0, "the fixture must exercise a non-zero prior");
        }
    }

    @Test
    void classHistogramCountsOnlyClassIds() {
        ClassHistogram histogram = new ClassHistogram(3);
        histogram.add(new int[] {0, 0, 1, 255, 2, 2, 2, -1, 3});
        assertEquals(java.util.List.of(2L, 1L, 3L), java.util.Arrays.stream(histogram.counts()).boxed().toList());
        float[] p = histogram.distribution();
        assertEquals(2 / 6f, p[0], 1e-7);
        assertEquals(1 / 6f, p[1], 1e-7);
        assertEquals(3 / 6f, p[2], 1e-7);
    }
}
