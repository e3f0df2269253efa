package io.github.advent.eval.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassSetTest {

    @Test
    void cityscapesIdsMapToTheNineteenTrainIds() {
        int[] lut = ClassSet.CITYSCAPES_19.labelIdToTrainId();
        int[] ids = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33};
        for (int t = 0; t < ids.length; t++) {
            assertEquals(t, lut[ids[t]]);
        }
        for (int id : new int[] {0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 15, 16, 18, 29, 30}) {
            assertEquals(ClassSet.IGNORE, lut[id], "label id " + id);
        }
        for (int id = 34; id < 256; id++) {
            assertEquals(ClassSet.INVALID, lut[id]);
        }
        assertEquals("motorcycle", ClassSet.CITYSCAPES_19.className(17));
    }

    @Test
    void synthiaSetMapsTerrainTruckAndTrainToIgnoreAndHasSixteenClasses() {
        int[] lut = ClassSet.SYNTHIA_16.labelIdToTrainId();
        assertEquals(16, ClassSet.SYNTHIA_16.size());
        assertEquals(ClassSet.IGNORE, lut[22]); // terrain
        assertEquals(ClassSet.IGNORE, lut[27]); // truck
        assertEquals(ClassSet.IGNORE, lut[31]); // train
        assertEquals(9, lut[23]); // sky
        assertEquals(13, lut[28]); // bus
        assertEquals(15, lut[33]); // bicycle
        assertEquals(IntStream.range(0, 16).filter(c -> c < 3 || c > 5).boxed().toList(),
                IntStream.of(ClassSet.SYNTHIA_16.means().get(1).classes()).boxed().toList());
        assertArrayEquals(IntStream.range(0, 16).toArray(), ClassSet.SYNTHIA_16.means().get(0).classes());
    }

    @Test
    void thirteenIsTheMeanOfThirteenOfTheSixteenIous() {
        long[][] m = new long[16][16];
        for (int c = 0; c < 16; c++) {
            m[c][c] = 10;
            m[c][(c + 1) % 16] = c; // class c has IoU 10 / (10 + c + (c - 1))
        }
        SegmentationScores s = SegmentationScores.of(ClassSet.SYNTHIA_16, ConfusionMatrix.of(m), 1);
        double[] iou = s.iou();
        double sum13 = 0;
        double sum16 = 0;
        for (int c = 0; c < 16; c++) {
            sum16 += iou[c];
            if (c < 3 || c > 5) {
                sum13 += iou[c];
            }
        }
        assertEquals(sum16 / 16, s.means().get(0).value(), 1e-15);
        assertEquals(sum13 / 13, s.means().get(1).value(), 1e-15);
        assertTrue(s.means().get(0).value() != s.means().get(1).value());
    }

    @Test
    void parseNamesTheSetByItsSizeOrBenchmark() {
        assertEquals(ClassSet.CITYSCAPES_19, ClassSet.parse("19"));
        assertEquals(ClassSet.CITYSCAPES_19, ClassSet.parse("gta5"));
        assertEquals(ClassSet.SYNTHIA_16, ClassSet.parse("16"));
        assertEquals(ClassSet.SYNTHIA_16, ClassSet.parse("13"));
        assertEquals(ClassSet.SYNTHIA_16, ClassSet.parse("SYNTHIA"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassSet.parse("18"));
        assertTrue(e.getMessage().contains("known: 19"), e.getMessage());
        assertTrue(ClassSet.SYNTHIA_16.describe().contains("mIoU-16 and mIoU-13"));
    }
}
