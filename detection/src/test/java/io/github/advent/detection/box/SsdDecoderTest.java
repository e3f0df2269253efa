package io.github.advent.detection.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsdDecoderTest {
    // two identical default boxes and one apart
    private final DefaultBoxes priors = DefaultBoxes.ofCentres(
            0.25f, 0.25f, 0.2f, 0.2f, 0.25f, 0.25f, 0.2f, 0.2f, 0.75f, 0.75f, 0.2f, 0.2f);

    private static float softmax(float[] logits, int box, int k, int classes) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[box * classes + c]);
        }
        return (float) (Math.exp(logits[box * classes + k]) / sum);
    }

    @Test
    void sameBoxOfTwoClassesIsNotSuppressedAcrossClasses() {
        float[] logits = {
            0, 3, 0, // box 0: class 1
            0, 0, 2, // box 1: class 2, same place
            4, 0, 0}; // box 2: background
        List<Detection> detections = new SsdDecoder(priors, 3, NmsOptions.SSD).decode(logits, new float[12]);
        // every (box, class) with a score > 0.01 survives except same-class overlaps: class 1 keeps box 0 (box 1
        // overlaps it), class 2 keeps box 1 (box 0 overlaps it); box 2 is apart: both classes keep it
        assertEquals(4, detections.size(), detections.toString());
        Detection best = detections.get(0);
        assertEquals(1, best.classId());
        assertEquals(softmax(logits, 0, 1, 3), best.score(), 1e-6f);
        assertEquals(0.15f, best.x1(), 1e-6f);
        assertEquals(0.35f, best.y2(), 1e-6f);
        Detection second = detections.get(1);
        assertEquals(2, second.classId());
        assertEquals(softmax(logits, 1, 2, 3), second.score(), 1e-6f);
        for (int i = 1; i < detections.size(); i++) {
            assertTrue(detections.get(i - 1).score() >= detections.get(i).score());
        }
        assertTrue(detections.stream().noneMatch(d -> d.classId() == 0));
        assertEquals(2, detections.stream().filter(d -> d.x1() > 0.5f).count());
    }

    @Test
    void offsetsMoveTheBoxes() {
        float[] logits = {0, 5, 0, 0};
        float[] offsets = {1, 0, 0, 0, 0, 0, 0, 0};
        DefaultBoxes two = DefaultBoxes.ofCentres(0.25f, 0.25f, 0.2f, 0.2f, 0.75f, 0.75f, 0.2f, 0.2f);
        List<Detection> detections = new SsdDecoder(two, 2, NmsOptions.SSD).decode(logits, offsets);
        // box 0 moved by 0.1 · 0.2 = 0.02 to the right; box 1 has score 0.5 for class 1
        assertEquals(2, detections.size());
        assertEquals(0.17f, detections.get(0).x1(), 1e-6f);
        assertEquals(0.5f, detections.get(1).score(), 1e-6f);
    }

    @Test
    void keepsTheTopDetectionsOverAllClasses() {
        int boxes = 6;
        float[] centres = new float[4 * boxes];
        float[] logits = new float[3 * boxes];
        for (int i = 0; i < boxes; i++) {
            centres[4 * i] = 0.1f + 0.15f * i;
            centres[4 * i + 1] = 0.5f;
            centres[4 * i + 2] = 0.1f;
            centres[4 * i + 3] = 0.1f;
            logits[3 * i + 1 + (i % 2)] = i; // alternate classes, rising confidence
        }
        SsdDecoder decoder = new SsdDecoder(DefaultBoxes.ofCentres(centres), 3, new NmsOptions(0.45f, 0.3f, 400, 3));
        List<Detection> top = decoder.decode(logits, new float[4 * boxes]);
        assertEquals(3, top.size());
        assertEquals(List.of(2, 1, 2), top.stream().map(Detection::classId).toList()); // boxes 5, 4, 3
        assertEquals(0.85f - 0.05f, top.get(0).x1(), 1e-6f);
    }

    @Test
    void wrongSizesAreRefused() {
        SsdDecoder decoder = new SsdDecoder(priors, 3, NmsOptions.SSD);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(new float[8], new float[12]));
        assertThrows(IllegalArgumentException.class, () -> new SsdDecoder(priors, 1, NmsOptions.SSD));
    }

    @Test
    void clippedKeepsCornersInTheImage() {
        Detection d = new Detection(-0.1f, 0.2f, 1.3f, 0.9f, 3, 0.5f).clipped();
        assertEquals(new Detection(0f, 0.2f, 1f, 0.9f, 3, 0.5f), d);
    }

    @Test
    void torchvisionClipsBeforeNmsSoThatBoxesOverlappingOnlyInsideTheImageSuppressEachOther() {
        // A spans x -0.9 .. 0.3, B 0 .. 0.3: IoU 0.25 as decoded, 1 once both are clipped to the image
        DefaultBoxes twoBoxes = DefaultBoxes.ofCentres(-0.3f, 0.5f, 1.2f, 1f, 0.15f, 0.5f, 0.3f, 1f);
        float[] logits = {0, 4, 0, 3};
        List<Detection> ssdPytorch = new SsdDecoder(twoBoxes, 2, NmsOptions.SSD).decode(logits, new float[8]);
        List<Detection> torchvision = new SsdDecoder(twoBoxes, 2, NmsOptions.SSD, DecodeRules.TORCHVISION)
                .decode(logits, new float[8]);
        assertEquals(2, ssdPytorch.size());
        assertEquals(-0.9f, ssdPytorch.get(0).x1(), 1e-6f);
        assertEquals(1, torchvision.size());
        assertEquals(0f, torchvision.get(0).x1());
        assertEquals(0.3f, torchvision.get(0).x2(), 1e-6f);
    }

    @Test
    void torchvisionLimitsSizeOffsetsToLog1000Over16() {
        DefaultBoxes one = DefaultBoxes.ofCentres(0.5f, 0.5f, 0.001f, 0.001f);
        float[] offsets = {0, 0, 100, 5}; // width: exp(20) unlimited, exp(ln 62.5) limited; height exp(1) either way
        Detection free = new SsdDecoder(one, 2, NmsOptions.SSD).decode(new float[] {0, 5}, offsets).get(0);
        Detection limited = new SsdDecoder(one, 2, NmsOptions.SSD, DecodeRules.TORCHVISION)
                .decode(new float[] {0, 5}, offsets).get(0);
        assertEquals(0.001 * Math.exp(20), free.x2() - free.x1(), 1e-3 * 0.001 * Math.exp(20));
        assertEquals(0.001 * 1000 / 16, limited.x2() - limited.x1(), 1e-6);
        assertEquals(0.001 * Math.E, limited.y2() - limited.y1(), 1e-7);
    }
}
