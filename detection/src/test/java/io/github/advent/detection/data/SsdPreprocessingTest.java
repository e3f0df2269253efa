package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.io.Image8;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resize, channel order, means and box normalisation, with values worked out by hand. */
class SsdPreprocessingTest {
    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        // grey 4x4 image, value 10 * x + 50 * y (in all three channels)
        Image8 image = Image8.blank(4, 4, 3);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    image.set(x, y, c, 10 * x + 50 * y);
                }
            }
        }
        float[] out = SsdPreprocessing.resizeBilinear(image, 2, 2);
        // output (x, y) samples source (2x + 0.5, 2y + 0.5): the mean of a 2x2 block
        assertEquals((0f + 10f + 50f + 60f) / 4f, out[0], 1e-5f);
        assertEquals((20f + 30f + 70f + 80f) / 4f, out[3], 1e-5f);
        assertEquals((120f + 130f + 170f + 180f) / 4f, out[3 * 3], 1e-5f);
        assertEquals(out[0], out[1]);
    }

    @Test
    void enlargingInterpolatesBetweenCentresAndClampsAtTheEdges() {
        // 2x1 -> 3x1: positions (x + 0.5) * 2/3 - 0.5 = -1/6 (clamped to pixel 0), 1/2, 7/6 (clamped to pixel 1)
        Image8 image = new Image8(2, 1, 3, SsdAugmentationTest.bytes(0, 40, 200, 90, 240, 0));
        float[] out = SsdPreprocessing.resizeBilinear(image, 3, 1);
        assertArrayEquals(new float[] {0, 40, 200, 45, 140, 100, 90, 240, 0}, out, 1e-5f);
        // 4x1 -> 3x1: positions 1/6, 3/2, 17/6
        Image8 four = new Image8(4, 1, 3, SsdAugmentationTest.bytes(0, 0, 0, 60, 60, 60, 120, 120, 120, 240, 240, 240));
        float[] three = SsdPreprocessing.resizeBilinear(four, 3, 1);
        assertEquals(60f / 6f, three[0], 1e-4f);
        assertEquals(90f, three[3], 1e-4f);
        assertEquals(120f + 120f * 5f / 6f, three[6], 1e-4f);
    }

    @Test
    void inputIsBgrMinusTheMeanChannelMajor() {
        // a uniform 6x3 image R 200, G 100, B 50, except pixel (5, 2) R 0, G 255, B 10
        Image8 image = Image8.blank(6, 3, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 6; x++) {
                image.set(x, y, 0, 200);
                image.set(x, y, 1, 100);
                image.set(x, y, 2, 50);
            }
        }
        image.set(5, 2, 0, 0);
        image.set(5, 2, 1, 255);
        image.set(5, 2, 2, 10);
        DetectionSample sample = new DetectionSample("s", Path.of("s.png"), image,
                List.of(ObjectBox.of(3, 0, 6, 3, 3), new ObjectBox(0, 1.5f, 1.5f, 3, 1, true)), 6, 3);
        SsdInput input = new SsdPreprocessing(3, SsdPreprocessing.ChannelOrder.BGR).apply(sample);
        assertEquals(3, input.size());
        assertEquals(27, input.image().length);
        // output (0, 0): source (0.5, 0.5) lies among uniform pixels
        assertEquals(50f - 104f, input.image()[0], 1e-5f);        // B plane
        assertEquals(100f - 117f, input.image()[9], 1e-5f);       // G plane
        assertEquals(200f - 123f, input.image()[18], 1e-5f);      // R plane
        // output (2, 2): source (4.5, 2.5) -> x 4..5 half each, y clamped to row 2: B (50 + 10) / 2
        assertEquals(30f - 104f, input.image()[8], 1e-5f);
        assertEquals((100f + 255f) / 2f - 117f, input.image()[9 + 8], 1e-5f);
        assertEquals(100f - 123f, input.image()[18 + 8], 1e-5f);
        assertArrayEquals(new float[] {0.5f, 0f, 1f, 1f, 0f, 0.5f, 0.25f, 1f}, input.boxes());
        assertArrayEquals(new int[] {3, 1}, input.classes());
        assertArrayEquals(new boolean[] {false, true}, input.crowd());
        assertEquals(1, input.targetCount());

        SsdInput rgb = new SsdPreprocessing(3, SsdPreprocessing.ChannelOrder.RGB).apply(sample);
        assertEquals(200f - 123f, rgb.image()[0], 1e-5f);
        assertEquals(50f - 104f, rgb.image()[18], 1e-5f);
    }

    @Test
    void torchvisionNormalisesRgbBeforeResizing() {
        // a uniform 4x2 image R 200, G 100, B 50, except pixel (3, 0) R 0
        Image8 image = Image8.blank(4, 2, 3);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                image.set(x, y, 0, 200);
                image.set(x, y, 1, 100);
                image.set(x, y, 2, 50);
            }
        }
        image.set(3, 0, 0, 0);
        SsdInput input = SsdPreprocessing.torchvision300().apply(new DetectionSample("s", null, image, List.of(), 4, 2));
        int plane = 300 * 300;
        // (v / 255 - mean) * 255: R 200 - 123.0, G 100 - 117.0, B 50 - 104.0 (torchvision's means x 255)
        assertEquals(200f - 0.48235f * 255f, input.image()[0], 1e-3f);
        assertEquals(100f - 0.45882f * 255f, input.image()[plane], 1e-3f);
        assertEquals(50f - 0.40784f * 255f, input.image()[2 * plane], 1e-3f);
        // the last output column samples past the last source pixel: R there is pixel (3, 0)'s 0, still normalised
        assertEquals(0f - 0.48235f * 255f, input.image()[299], 1e-3f);
        assertEquals(SsdPreprocessing.ChannelOrder.RGB, SsdPreprocessing.torchvision300().order());
    }

    @Test
    void ssd300IsThreeHundredSquare() {
        Image8 image = Image8.blank(64, 32, 3);
        SsdInput input = SsdPreprocessing.ssd300().apply(new DetectionSample("s", null, image, List.of(), 2048, 1024));
        assertEquals(3 * 300 * 300, input.image().length);
        assertEquals(-104f, input.image()[0]);
        assertEquals(-123f, input.image()[3 * 300 * 300 - 1]);
        assertEquals(2048, input.originalWidth());
        assertEquals(0, input.boxCount());
        assertThrows(IllegalArgumentException.class,
                () -> SsdPreprocessing.ssd300().apply(new DetectionSample("g", null, Image8.blank(4, 4, 1), List.of(), 4, 4)));
    }
}
