package io.github.advent.detection.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NmsTest {
    private static NmsOptions options(float iou, float confidence, int candidates, int max) {
        return new NmsOptions(iou, confidence, candidates, max);
    }

    @Test
    void overlappingLowerScoresAreSuppressed() {
        float[] boxes = {
            0, 0, 1, 1, // 0
            0.05f, 0, 1, 1, // 1: IoU .95 with 0
            2, 2, 3, 3, // 2: apart
            2, 2, 3, 2.5f}; // 3: IoU .5 with 2
        float[] scores = {0.9f, 0.8f, 0.7f, 0.95f};
        // order by score: 3, 0, 1 (suppressed by 0), 2 (suppressed by 3: IoU .5 > .45)
        assertArrayEquals(new int[] {3, 0}, Nms.suppress(boxes, scores, NmsOptions.SSD, 200));
    }

    @Test
    void iouThresholdIsStrict() {
        float[] boxes = {0, 0, 1, 1, 0, 0, 1, 0.45f};
        float[] scores = {0.9f, 0.8f};
        float iou = Boxes.iou(boxes, 0, boxes, 1);
        assertEquals(0.45f, iou, 1e-6f);
        assertArrayEquals(new int[] {0, 1}, Nms.suppress(boxes, scores, options(iou, 0.01f, 400, 200), 200));
        assertArrayEquals(new int[] {0}, Nms.suppress(boxes, scores, options(Math.nextDown(iou), 0.01f, 400, 200), 200));
    }

    @Test
    void confidenceThresholdIsStrict() {
        float[] boxes = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
        float[] scores = {0.01f, Math.nextUp(0.01f), 0.5f};
        assertArrayEquals(new int[] {2, 1}, Nms.suppress(boxes, scores, NmsOptions.SSD, 200));
    }

    @Test
    void onlyTheBestCandidatesEnterAndAtMostMaxKeptLeave() {
        float[] boxes = {0, 0, 1, 1, 0, 0, 1, 1, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10};
        float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};
        // two candidates per class: 0 and 1, and 1 is suppressed by 0
        assertArrayEquals(new int[] {0}, Nms.suppress(boxes, scores, options(0.45f, 0.01f, 2, 200), 200));
        assertArrayEquals(new int[] {0, 2, 3, 4}, Nms.suppress(boxes, scores, NmsOptions.SSD, 200));
        assertArrayEquals(new int[] {0, 2}, Nms.suppress(boxes, scores, NmsOptions.SSD, 2));
    }

    @Test
    void equalScoresKeepTheLowerIndexFirst() {
        float[] boxes = {0, 0, 1, 1, 0, 0, 1, 1, 3, 3, 4, 4};
        assertArrayEquals(new int[] {0, 2}, Nms.suppress(boxes, new float[] {0.5f, 0.5f, 0.5f}, NmsOptions.SSD, 200));
    }

    @Test
    void sortKeysOrderByValueDescendingThenIndex() {
        float[] values = {0.5f, -1f, Float.NaN, 2f, -0f, 0f, Float.NEGATIVE_INFINITY, 0.5f, 1e-30f, -1e-30f};
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            keys[i] = SortKeys.descending(values[i], i);
        }
        Arrays.sort(keys);
        int[] order = Arrays.stream(keys).mapToInt(SortKeys::index).toArray();
        assertArrayEquals(new int[] {3, 0, 7, 8, 4, 5, 9, 1, 6, 2}, order);
    }

    @Test
    void optionsRefuseNonsense() {
        assertTrue(NmsOptions.SSD.iouThreshold() == 0.45f && NmsOptions.SSD.maxDetections() == 200);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> options(1.5f, 0.01f, 1, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> options(0.4f, 0.01f, 0, 1));
    }
}
