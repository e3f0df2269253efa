package io.github.advent.detection.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.detection.DetectionFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultBoxesTest {
    private static final float EPS = 1e-6f;
    private final DefaultBoxes priors = DefaultBoxes.ssd300();

    @Test
    void ssd300Has8732BoxesInTheHeadsLayout() {
        assertEquals(8732, priors.count());
        assertEquals(List.of(4, 6, 6, 6, 4, 4),
                DefaultBoxes.SSD300_MAPS.stream().map(FeatureMapSpec::boxesPerCell).toList());
        assertEquals(List.of(5776, 2166, 600, 150, 36, 4),
                DefaultBoxes.SSD300_MAPS.stream().map(FeatureMapSpec::boxes).toList());
        assertEquals(List.of("conv4_3", "conv7", "conv8_2", "conv9_2", "conv10_2", "conv11_2"),
                DefaultBoxes.SSD300_MAPS.stream().map(FeatureMapSpec::name).toList());
    }

    @Test
    void firstCellOfConv4_3ByHand() {
        float c = 0.5f / 37.5f; // f = 300 / 8 = 37.5
        assertArrayEquals(new float[] {c, c, 0.1f, 0.1f}, priors.centre(0), EPS); // 30 / 300
        float s = (float) Math.sqrt(0.1 * 0.2); // sqrt(30/300 · 60/300)
        assertArrayEquals(new float[] {c, c, s, s}, priors.centre(1), EPS);
        float wide = (float) (0.1 * Math.sqrt(2));
        float narrow = (float) (0.1 / Math.sqrt(2));
        assertArrayEquals(new float[] {c, c, wide, narrow}, priors.centre(2), EPS);
        assertArrayEquals(new float[] {c, c, narrow, wide}, priors.centre(3), EPS);
        // next cell: the next column (x), same row
        assertArrayEquals(new float[] {1.5f / 37.5f, c, 0.1f, 0.1f}, priors.centre(4), EPS);
        // second row starts after 38 cells
        assertArrayEquals(new float[] {c, 1.5f / 37.5f, 0.1f, 0.1f}, priors.centre(38 * 4), EPS);
        // last cell of conv4_3: centre (37.5 / 37.5) = 1
        assertArrayEquals(new float[] {1f, 1f, 0.1f, 0.1f}, priors.centre(5775 - 3), EPS);
    }

    @Test
    void conv7StartsAfterConv4_3WithSixBoxes() {
        int first = 38 * 38 * 4;
        float c = 0.5f / 18.75f;
        float s = 0.2f;
        float r2 = (float) Math.sqrt(2);
        float r3 = (float) Math.sqrt(3);
        float[][] expected = {
            {c, c, s, s}, {c, c, (float) Math.sqrt(0.2 * 111 / 300.0), (float) Math.sqrt(0.2 * 111 / 300.0)},
            {c, c, s * r2, s / r2}, {c, c, s / r2, s * r2}, {c, c, s * r3, s / r3}, {c, c, s / r3, s * r3}};
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(expected[i], priors.centre(first + i), EPS, "conv7 box " + i);
        }
    }

    @Test
    void conv11_2sWideBoxIsClippedToTheImage() {
        float s = 264 / 300f;
        float sPrime = (float) Math.sqrt(264 / 300.0 * 315 / 300.0);
        float narrow = (float) (264 / 300.0 / Math.sqrt(2));
        assertArrayEquals(new float[] {0.5f, 0.5f, s, s}, priors.centre(8728), EPS);
        assertArrayEquals(new float[] {0.5f, 0.5f, sPrime, sPrime}, priors.centre(8729), EPS);
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f, narrow}, priors.centre(8730), EPS); // 1.245 clipped
        assertArrayEquals(new float[] {0.5f, 0.5f, narrow, 1f}, priors.centre(8731), EPS);
    }

    @Test
    void everyBoxEqualsThePythonReference() {
        float[] expected = DetectionFixtures.read(DetectionFixtures.PRIORS_NPZ).get("priors").toFloatArray();
        assertArrayEquals(expected, priors.centres(), 1e-7f);
    }

    @Test
    void cornersFollowFromCentres() {
        DefaultBoxes boxes = DefaultBoxes.ofCentres(0.5f, 0.25f, 0.5f, 0.25f);
        assertArrayEquals(new float[] {0.25f, 0.125f, 0.75f, 0.375f}, boxes.corners());
        assertThrows(IllegalArgumentException.class, () -> DefaultBoxes.ofCentres(1, 2, 3));
    }
}
