package io.github.advent.detection.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.detection.DetectionFixtures;
import io.github.advent.entropy.weights.TensorData;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriorMatchingTest {
    private static float[] encoded(float[] box, DefaultBoxes priors, int prior) {
        float[] t = new float[4];
        BoxCoding.encode(box, 0, priors, prior, t, 0);
        return t;
    }

    private static float[] targetOf(PriorMatching.Targets targets, int prior) {
        return Arrays.copyOfRange(targets.locations(), 4 * prior, 4 * prior + 4);
    }

    @Test
    void aBoxStraddlingTwoPriorsIsForcedOntoTheBetterOneOnly() {
        // A = (0, .25)-(.5, .75), B = (.5, .25)-(1, .75); the box (.3, .25)-(.8, .75): IoU 0.25 with A, 0.43 with B
        DefaultBoxes priors = DefaultBoxes.ofCentres(0.25f, 0.5f, 0.5f, 0.5f, 0.75f, 0.5f, 0.5f, 0.5f);
        float[] box = {0.3f, 0.25f, 0.8f, 0.75f};
        assertEquals(0.25f, Boxes.iou(box, 0, priors.corners(), 0), 1e-6f);
        assertEquals(0.15f / 0.35f, Boxes.iou(box, 0, priors.corners(), 1), 1e-6f);
        PriorMatching.Targets targets = PriorMatching.match(new GroundTruth(box, new int[] {4}), priors);
        assertArrayEquals(new int[] {0, 4}, targets.classes()); // below 0.5 but forced: the best prior
        assertArrayEquals(encoded(box, priors, 1), targetOf(targets, 1));
        assertEquals(1, targets.positives());

        // centred between them: the same IoU (1/3) with both; the first wins the tie
        float[] middle = {0.25f, 0.25f, 0.75f, 0.75f};
        PriorMatching.Targets tie = PriorMatching.match(new GroundTruth(middle, new int[] {2}), priors);
        assertArrayEquals(new int[] {2, 0}, tie.classes());
    }

    @Test
    void iouOfHalfIsPositiveJustBelowIsNot() {
        // the object (0, 0)-(1, .5); priors: itself (forced), (0, 0)-(1, 1) IoU exactly .5, (0, 0)-(1, 1.0625) IoU .47
        DefaultBoxes priors = DefaultBoxes.ofCentres(0.5f, 0.25f, 1f, 0.5f, 0.5f, 0.5f, 1f, 1f,
                0.5f, 0.53125f, 1f, 1.0625f);
        float[] box = {0f, 0f, 1f, 0.5f};
        assertEquals(0.5f, Boxes.iou(box, 0, priors.corners(), 1));
        PriorMatching.Targets targets = PriorMatching.match(new GroundTruth(box, new int[] {7}), priors);
        assertArrayEquals(new int[] {7, 7, 0}, targets.classes());
        assertArrayEquals(new float[] {0, 0, 0, 0}, targetOf(targets, 0)); // the object is the default box
        assertArrayEquals(new float[] {0, (float) (-0.25 / 0.1), 0, (float) (Math.log(0.5) / 0.2)},
                targetOf(targets, 1), 1e-5f);
    }

    @Test
    void twoObjectsCompetingForOnePriorLeaveItToTheLaterOne() {
        // both objects overlap P0 most; P1 lies elsewhere; the later object keeps P0, the earlier loses it
        DefaultBoxes priors = DefaultBoxes.ofCentres(0.5f, 0.5f, 0.4f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f);
        float[] boxes = {0.3f, 0.3f, 0.7f, 0.68f, 0.32f, 0.3f, 0.7f, 0.7f};
        GroundTruth truth = new GroundTruth(boxes, new int[] {1, 3});
        PriorMatching.Targets targets = PriorMatching.match(truth, priors);
        assertArrayEquals(new int[] {3, 0}, targets.classes());
        assertArrayEquals(encoded(truth.box(1), priors, 0), targetOf(targets, 0));

        // an extra prior that only the first object overlaps >= 0.5 still goes to it
        DefaultBoxes more = DefaultBoxes.ofCentres(0.5f, 0.5f, 0.4f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f,
                0.5f, 0.49f, 0.4f, 0.38f);
        PriorMatching.Targets three = PriorMatching.match(truth, more);
        assertArrayEquals(new int[] {3, 0, 1}, three.classes());
    }

    @Test
    void anImageWithoutObjectsIsAllBackground() {
        PriorMatching.Targets targets = PriorMatching.match(GroundTruth.empty(), DefaultBoxes.ssd300());
        assertEquals(8732, targets.classes().length);
        assertTrue(Arrays.stream(targets.classes()).allMatch(c -> c == 0));
        assertArrayEquals(new float[4 * 8732], targets.locations());
        assertEquals(0, targets.positives());
    }

    @Test
    void ssd300MatchingEqualsThePythonReference() {
        Map<String, TensorData> f = DetectionFixtures.read(DetectionFixtures.PRIORS_NPZ);
        GroundTruth truth = new GroundTruth(f.get("truths").toFloatArray(), DetectionFixtures.ints(f.get("labels")));
        PriorMatching.Targets targets = PriorMatching.match(truth, DefaultBoxes.ssd300());
        assertArrayEquals(DetectionFixtures.ints(f.get("classes")), targets.classes());
        int[] positive = DetectionFixtures.ints(f.get("positive"));
        float[] expected = f.get("positive_targets").toFloatArray();
        assertEquals(27, positive.length);
        for (int i = 0; i < positive.length; i++) {
            assertArrayEquals(Arrays.copyOfRange(expected, 4 * i, 4 * i + 4), targetOf(targets, positive[i]), 1e-4f,
                    "default box " + positive[i]);
        }
    }
}
