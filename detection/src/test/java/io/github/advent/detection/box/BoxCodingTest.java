package io.github.advent.detection.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.util.SplitMix64;
import org.junit.jupiter.api.Test;

class BoxCodingTest {
    @Test
    void encodeByHand() {
        DefaultBoxes prior = DefaultBoxes.ofCentres(0.5f, 0.5f, 0.2f, 0.4f);
        float[] box = {0.45f, 0.3f, 0.65f, 0.9f}; // centre (0.55, 0.6), size (0.2, 0.6)
        float[] t = new float[4];
        BoxCoding.encode(box, 0, prior, 0, t, 0);
        // (0.05 / (0.1·0.2), 0.1 / (0.1·0.4), ln(0.2/0.2) / 0.2, ln(0.6/0.4) / 0.2)
        assertArrayEquals(new float[] {2.5f, 2.5f, 0f, (float) (Math.log(1.5) / 0.2)}, t, 1e-5f);
        float[] back = new float[4];
        BoxCoding.decode(t, prior, 0, back);
        assertArrayEquals(box, back, 1e-6f);
    }

    @Test
    void zeroOffsetsDecodeToTheDefaultBox() {
        DefaultBoxes priors = DefaultBoxes.ofCentres(0.3f, 0.6f, 0.2f, 0.1f, 0.9f, 0.1f, 0.4f, 0.2f);
        assertArrayEquals(priors.corners(), BoxCoding.decodeAll(new float[8], priors), 1e-7f);
    }

    @Test
    void decodeInvertsEncodeOnRandomBoxes() {
        SplitMix64 random = new SplitMix64(3);
        int n = 200;
        float[] centres = new float[4 * n];
        float[] boxes = new float[4 * n];
        for (int i = 0; i < n; i++) {
            centres[4 * i] = random.nextFloat();
            centres[4 * i + 1] = random.nextFloat();
            centres[4 * i + 2] = 0.05f + random.nextFloat();
            centres[4 * i + 3] = 0.05f + random.nextFloat();
            float x = random.nextFloat();
            float y = random.nextFloat();
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + 0.01f + random.nextFloat();
            boxes[4 * i + 3] = y + 0.01f + random.nextFloat();
        }
        DefaultBoxes priors = DefaultBoxes.ofCentres(centres);
        float[] offsets = new float[4 * n];
        for (int i = 0; i < n; i++) {
            BoxCoding.encode(boxes, i, priors, i, offsets, i);
        }
        assertArrayEquals(boxes, BoxCoding.decodeAll(offsets, priors), 1e-5f);
    }

    @Test
    void decodeAllChecksTheCount() {
        DefaultBoxes priors = DefaultBoxes.ofCentres(0.5f, 0.5f, 0.2f, 0.2f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoxCoding.decodeAll(new float[8], priors));
        assertEquals("2 regression outputs for 1 default boxes", e.getMessage());
    }
}
