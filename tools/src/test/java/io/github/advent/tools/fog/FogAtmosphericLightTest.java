package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.io.Image8;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FogAtmosphericLightTest {

    @Test
    void rankedCountIsATenthOfAPercentMadeOdd() {
        assertEquals(2097, AtmosphericLight.brightestCount(2048 * 1024)); // floor(2097.152), already odd
        assertEquals(3, AtmosphericLight.brightestCount(2000));           // 2 is even: one more
        assertEquals(1, AtmosphericLight.brightestCount(999));            // 0 is even: at least one pixel
        assertEquals(1, AtmosphericLight.brightestCount(1999));
        assertEquals(5, AtmosphericLight.brightestCount(4000));
    }

    @Test
    void takesTheMedianGreyAmongTheBrightestDarkChannelPixels() {
        // a 40x40 sky of minimum channel 200 in a black 200x100 image: inside its inner 26x26 the
        // dark channel is 200, elsewhere 0. 20,000 pixels rank 21: the first 21 of the inner block in
        // raster order, i.e. row 27, columns 67..87. Green grows with the column, so the median grey
        // is column 77's colour.
        Image8 image = Image8.blank(200, 100, 3);
        for (int y = 20; y < 60; y++) {
            for (int x = 60; x < 100; x++) {
                image.set(x, y, 0, 200);
                image.set(x, y, 1, 200 + (x - 60));
                image.set(x, y, 2, 210);
            }
        }
        assertEquals(new AtmosphericLight(200, 217, 210), AtmosphericLight.estimate(image));
    }

    @Test
    void equalsTheDefinitionOnARandomImage() {
        Image8 image = smoothNoise(120, 90, 5); // 10,800 pixels: 11 ranked
        int[] dark = FogReference.darkChannel(image, 15);
        Integer[] order = IntStream.range(0, dark.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -dark[i]).thenComparingInt(i -> i));
        int count = 11;
        double[] grey = new double[count];
        for (int k = 0; k < count; k++) {
            int p = order[k];
            grey[k] = 0.299 * image.get(p % 120, p / 120, 0) + 0.587 * image.get(p % 120, p / 120, 1)
                    + 0.114 * image.get(p % 120, p / 120, 2);
        }
        double median = Arrays.stream(grey).sorted().toArray()[count / 2];
        int chosen = -1;
        for (int k = 0; k < count && chosen < 0; k++) {
            if (grey[k] == median) {
                chosen = order[k];
            }
        }
        int x = chosen % 120;
        int y = chosen / 120;
        assertEquals(new AtmosphericLight(image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)),
                AtmosphericLight.estimate(image));
    }

    @Test
    void refusesOtherThanRgbAndOutOfRangeChannels() {
        assertThrows(IllegalArgumentException.class, () -> AtmosphericLight.estimate(Image8.blank(4, 4, 1)));
        assertThrows(IllegalArgumentException.class, () -> new AtmosphericLight(0, 256, 0));
    }

    /** Noise plus a gradient, so that the dark channel has a spread of values and a bright corner. */
    private static Image8 smoothNoise(int width, int height, long seed) {
        Image8 noise = FogReference.randomImage(width, height, 3, seed);
        Image8 image = Image8.blank(width, height, 3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int base = 255 * (x + y) / (width + height);
                    image.set(x, y, c, Math.min(255, base + noise.get(x, y, c) / 4));
                }
            }
        }
        return image;
    }
}
