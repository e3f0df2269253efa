package io.github.advent.segmentation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelScanTest {
    @TempDir
    Path dir;

    @Test
    void classDistributionOfTheTrainingLabels() {
        Path root = TinyData.gta5(dir.resolve("gta5"), "00001", "00002", "00003", "00004", "00005");
        SegmentationDataset gta = SegmentationDatasets.open("gta5", root, Map.of("size", TinyData.W + "x" + TinyData.H));
        LabelScan scan = LabelScan.of(gta, 1);
        long[] expected = new long[19];
        for (int i = 0; i < gta.size(); i++) {
            for (int t : gta.get(i).labels()) {
                if (t != 255) {
                    expected[t]++;
                }
            }
        }
        assertArrayEquals(expected, scan.histogram().counts());
        // road: 4 columns x 19 rows + the last row (40) per image
        assertEquals(5L * (4 * 19 + 40), expected[0]);
        assertEquals(5L * 4 * 19, expected[13], "car");
        float[] p = scan.distribution();
        double sum = 0;
        for (float v : p) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
        assertEquals(5, scan.census().samplesRead());
        assertEquals(5L * 2 * 4 * 19, scan.census().unknownPixels());

        SegmentationDataset again = SegmentationDatasets.open("gta5", root, Map.of("size", TinyData.W + "x" + TinyData.H));
        assertArrayEquals(expected, LabelScan.of(again, 3).histogram().counts(), "parallel scan gives the same counts");
        assertEquals(5, again.unknownIds().samplesRead());
    }

    @Test
    void countsAtTheTrainingSize() {
        Path root = TinyData.gta5(dir.resolve("gta5"), "00001");
        SegmentationDataset small = SegmentationDatasets.open("gta5", root, Map.of("size", "20x10"));
        assertEquals(200 - count255(small.get(0).labels()), sum(LabelScan.of(small, 2).histogram().counts()));
        SegmentationDataset unlabelled = SegmentationDatasets.open("gta5", root, Map.of("labelled", "false"));
        assertThrows(IllegalArgumentException.class, () -> LabelScan.of(unlabelled, 1));
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }

    private static int count255(int[] labels) {
        int n = 0;
        for (int l : labels) {
            n += l == 255 ? 1 : 0;
        }
        return n;
    }
}
