package io.github.advent.detection.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.advent.detection.DetectionFixtures;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.weights.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiBoxLossTest extends ManagedTest {
    private static final float LN3 = (float) Math.log(3);

    private static double ce(double[] logits, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        return Math.log(sum) + max - logits[target];
    }

    @Test
    void handCaseWithOnePositiveAndThreeMinedNegatives() {
        // 6 default boxes, K = 2, one image; box 0 is the positive (class 1)
        float[] logits = {
            0, LN3, // positive: p(1) = 3/4
            0, 0, // background CE ln 2
            0, LN3, // ln 4
            LN3, 0, // ln 4/3
            0, 2 * LN3, // ln 10 (highest)
            0, -1}; // lowest
        float[] offsets = {0.5f, -2f, 0f, 1.5f, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
        int[] classes = {1, 0, 0, 0, 0, 0};
        PriorMatching.Targets targets = new PriorMatching.Targets(classes, new float[24]);
        MultiBoxLoss.Loss loss = MultiBoxLoss.compute(manager.create(logits, new Shape(1, 6, 2)),
                manager.create(offsets, new Shape(1, 6, 4)), List.of(targets));
        assertEquals(1, loss.positives());
        assertEquals(3, loss.negatives());
        // smooth L1 of (0.5, -2, 0, 1.5): 0.125 + 1.5 + 0 + 1.0; the negatives' offsets do not count
        assertEquals(2.625, loss.location().getFloat(), 1e-6);
        // CE: positive ln(4/3) + the three hardest negatives ln 10, ln 4, ln 2
        double expected = Math.log(4 / 3.0) + Math.log(10) + Math.log(4) + Math.log(2);
        assertEquals(expected, loss.confidence().getFloat(), 1e-5);
        assertEquals(2.625 + expected, loss.total().getFloat(), 1e-5);
    }

    @Test
    void bothTermsAreDividedByThePositivesOfTheWholeBatch() {
        // image 0: two positives, 4 boxes → min(6, 3) = all 2 negatives; image 1: no object → nothing
        float[] logits = {1, 0, 0, 1, 2, 0, 0, 0, /* image 1 */ 5, -5, -5, 5, 0, 0, 3, 3};
        float[] offsets = new float[32];
        offsets[0] = 3f; // |d| = 3 → 2.5
        List<PriorMatching.Targets> targets = List.of(
                new PriorMatching.Targets(new int[] {1, 1, 0, 0}, new float[16]),
                new PriorMatching.Targets(new int[4], new float[16]));
        MultiBoxLoss.Loss loss = MultiBoxLoss.compute(manager.create(logits, new Shape(2, 4, 2)),
                manager.create(offsets, new Shape(2, 4, 4)), targets);
        assertEquals(2, loss.positives());
        assertEquals(2, loss.negatives());
        double conf = ce(new double[] {1, 0}, 1) + ce(new double[] {0, 1}, 1) + ce(new double[] {2, 0}, 0)
                + ce(new double[] {0, 0}, 0);
        assertEquals(conf / 2, loss.confidence().getFloat(), 1e-6);
        assertEquals(2.5 / 2, loss.location().getFloat(), 1e-6);
    }

    @Test
    void aBatchWithoutObjectsGivesZeroLossAndZeroGradientsNotNaN() {
        NDArray logits = manager.randomNormal(new Shape(2, 5, 3));
        NDArray offsets = manager.randomNormal(new Shape(2, 5, 4));
        logits.setRequiresGradient(true);
        offsets.setRequiresGradient(true);
        List<PriorMatching.Targets> none = List.of(new PriorMatching.Targets(new int[5], new float[20]),
                new PriorMatching.Targets(new int[5], new float[20]));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            MultiBoxLoss.Loss loss = MultiBoxLoss.compute(logits, offsets, none);
            assertEquals(0f, loss.total().getFloat());
            assertEquals(0, loss.negatives());
            collector.backward(loss.total());
        }
        for (float g : logits.getGradient().toFloatArray()) {
            assertEquals(0f, Math.abs(g));
        }
        for (float g : offsets.getGradient().toFloatArray()) {
            assertEquals(0f, Math.abs(g));
        }
    }

    @Test
    void miningRanksByBackgroundLossAndBreaksTiesByIndex() {
        float[] loss = {0.5f, 0.9f, 0.9f, 0.1f, 0.9f, 0.7f};
        int[] classes = {1, 0, 0, 0, 0, 0};
        // one positive → 3 negatives: the three 0.9s, lowest indices first among equals
        assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0}, MultiBoxLoss.mineNegatives(loss, classes, 1, 6));
        // two images of 3 boxes: image 0 one positive → min(3, 2) = 2 negatives; image 1 none → none
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0},
                MultiBoxLoss.mineNegatives(new float[] {0, 2, 1, 5, 5, 5}, new int[] {2, 0, 0, 0, 0, 0}, 2, 3));
    }

    @Test
    void matchesThePyTorchReferenceLossesAndGradients() {
        Map<String, TensorData> f = DetectionFixtures.read(DetectionFixtures.LOSS_NPZ);
        DefaultBoxes priors = DefaultBoxes.ofCentres(f.get("priors").toFloatArray());
        long[] shape = f.get("conf").shape();
        int images = (int) shape[0];
        int count = (int) shape[1];
        float[] boxes = f.get("boxes").toFloatArray();
        int[] labels = DetectionFixtures.ints(f.get("labels"));
        int slots = labels.length / images;
        int[] expectedClasses = DetectionFixtures.ints(f.get("conf_t"));
        float[] expectedLocations = f.get("loc_t").toFloatArray();
        List<PriorMatching.Targets> targets = new ArrayList<>();
        for (int n = 0; n < images; n++) {
            int objects = 0;
            while (objects < slots && labels[n * slots + objects] > 0) {
                objects++;
            }
            GroundTruth truth = new GroundTruth(java.util.Arrays.copyOfRange(boxes, n * slots * 4, (n * slots + objects) * 4),
                    java.util.Arrays.copyOfRange(labels, n * slots, n * slots + objects));
            PriorMatching.Targets t = PriorMatching.match(truth, priors);
            assertArrayEquals(java.util.Arrays.copyOfRange(expectedClasses, n * count, (n + 1) * count), t.classes(),
                    "classes of image " + n);
            for (int p = 0; p < count; p++) {
                if (t.classes()[p] > 0) {
                    for (int c = 0; c < 4; c++) {
                        assertEquals(expectedLocations[(n * count + p) * 4 + c], t.locations()[4 * p + c], 1e-4);
                    }
                }
            }
            targets.add(t);
        }
        assertEquals(List.of(9, 1, 0), targets.stream().map(PriorMatching.Targets::positives).toList());

        NDArray conf = f.get("conf").toNDArray(manager);
        NDArray loc = f.get("loc").toNDArray(manager);
        conf.setRequiresGradient(true);
        loc.setRequiresGradient(true);
        MultiBoxLoss.Loss loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            loss = MultiBoxLoss.compute(conf, loc, targets);
            collector.backward(loss.total());
        }
        assertEquals(f.get("loss_l").toFloatArray()[0], loss.location().getFloat(), 1e-5);
        assertEquals(f.get("loss_c").toFloatArray()[0], loss.confidence().getFloat(), 1e-5);
        assertEquals(15 + 3, loss.negatives()); // image 0: 3·9 > 15 negatives, all taken; image 1: 3
        assertClose(f.get("grad_conf").toFloatArray(), conf.getGradient().toFloatArray(), 1e-6f);
        assertClose(f.get("grad_loc").toFloatArray(), loc.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void shapesAndTargetCountsAreChecked() {
        NDArray conf = manager.zeros(new Shape(1, 3, 2));
        NDArray loc = manager.zeros(new Shape(1, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> MultiBoxLoss.compute(conf, loc, List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiBoxLoss.compute(conf, loc,
                List.of(new PriorMatching.Targets(new int[4], new float[16]))));
        assertTrue(e.getMessage().contains("cover 4 default boxes, the network predicts 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MultiBoxLoss.compute(conf, manager.zeros(new Shape(1, 3, 2)), List.of()));
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }
}
