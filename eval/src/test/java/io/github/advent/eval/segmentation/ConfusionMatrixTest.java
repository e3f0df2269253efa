package io.github.advent.eval.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void iouIsTpOverTpFpFnWithNanForAbsentAndZeroForPredictedOnly() {
        // class 0: tp 6, fn 2 (as 1), fp 1 (from 1); class 1: tp 3, fp 2, fn 1 + 1 (as 2)
        // class 2: never in the labels, predicted once -> 0; class 3: nowhere -> NaN
        ConfusionMatrix m = ConfusionMatrix.of(new long[][] {
            {6, 2, 0, 0},
            {1, 3, 1, 0},
            {0, 0, 0, 0},
            {0, 0, 0, 0}});
        double[] iou = m.iou();
        assertEquals(6.0 / (6 + 2 + 1), iou[0]);
        assertEquals(3.0 / (3 + 2 + 2), iou[1]);
        assertEquals(0.0, iou[2]);
        assertTrue(Double.isNaN(iou[3]));
        assertEquals(3, m.falsePositives(1) + m.falseNegatives(1) - 1);
        assertEquals(13, m.total());
        assertEquals((iou[0] + iou[1] + iou[2]) / 3, SegmentationScores.nanMean(iou, new int[] {0, 1, 2, 3}));
        assertTrue(Double.isNaN(SegmentationScores.nanMean(iou, new int[] {3})));
    }

    @Test
    void countsAre64Bit() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        long big = 3L * Integer.MAX_VALUE;
        m.add(0, 0, big);
        m.add(0, 0, big);
        m.add(1, 0, 1);
        assertEquals(2 * big, m.get(0, 0));
        assertEquals(2 * big + 1, m.columnSum(0));
        assertEquals((double) (2 * big) / (2 * big + 1), m.iou()[0]);
    }

    @Test
    void mergingIsOrderFree() {
        ConfusionMatrix a = ConfusionMatrix.of(new long[][] {{1, 2}, {3, 4}});
        ConfusionMatrix b = ConfusionMatrix.of(new long[][] {{5, 6}, {7, 8}});
        ConfusionMatrix ab = a.copy();
        ab.add(b);
        ConfusionMatrix ba = b.copy();
        ba.add(a);
        assertEquals(ab, ba);
        assertArrayEquals(new long[][] {{6, 8}, {10, 12}}, ab.toArray());
        assertThrows(IllegalArgumentException.class, () -> a.add(new ConfusionMatrix(3)));
    }
}
