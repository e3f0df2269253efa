package io.github.advent.entropy.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Resampling against PIL's own outputs (pil/make_pil_fixtures.py, Pillow 9.4.0). */
class ResamplingTest {
    private static Path fixture(String name) {
        try {
            return Path.of(ResamplingTest.class.getResource("pil/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing test resource pil/" + name, e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"16x9", "30x20", "61x47", "37x10", "50x23", "1x1", "101x5", "8x40"})
    void bicubicEqualsPilExactly(String size) {
        int width = Integer.parseInt(size.split("x")[0]);
        int height = Integer.parseInt(size.split("x")[1]);
        Image8 input = Images.readRgb(fixture("input.png"));
        Image8 expected = Images.readRgb(fixture("bicubic_" + size + ".png"));
        Image8 actual = Resampling.bicubic(input, width, height);
        assertEquals(width, actual.width());
        assertEquals(height, actual.height());
        assertArrayEquals(expected.data(), actual.data(), "PIL BICUBIC " + size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16x9", "30x20", "61x47", "37x10", "50x23", "1x1", "101x5", "8x40"})
    void nearestEqualsPilExactly(String size) {
        int width = Integer.parseInt(size.split("x")[0]);
        int height = Integer.parseInt(size.split("x")[1]);
        IntImage labels = Images.readGrey(fixture("labels.png"));
        IntImage expected = Images.readGrey(fixture("nearest_" + size + ".png"));
        assertArrayEquals(expected.values(), Resampling.nearest(labels, width, height).values(), "PIL NEAREST " + size);
    }

    @Test
    void nearestNeverInventsValues() {
        IntImage labels = Images.readGrey(fixture("labels.png"));
        Set<Integer> present = new HashSet<>();
        Arrays.stream(labels.values()).forEach(present::add);
        for (int[] size : new int[][] {{13, 7}, {100, 51}, {38, 22}}) {
            for (int v : Resampling.nearest(labels, size[0], size[1]).values()) {
                assertTrue(present.contains(v), "value " + v + " was not in the input");
            }
        }
    }

    @Test
    void nearestSamplesPixelCentres() {
        // output x reads source floor((x + 0.5) * in / out): halving 8 -> 4 reads 1, 3, 5, 7 (OpenCV's INTER_NEAREST: 0, 2, 4, 6)
        assertArrayEquals(new int[] {1, 3, 5, 7}, Resampling.nearestTable(8, 4));
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, Resampling.nearestTable(3, 6));
        for (int in : new int[] {1914, 2048, 1052, 760, 37}) {
            for (int out : new int[] {1280, 1024, 720, 512, 23}) {
                int[] table = Resampling.nearestTable(in, out);
                for (int x = 0; x < out; x++) {
                    double exact = (x + 0.5) * in / out;
                    assertTrue(Math.abs(table[x] - Math.floor(exact)) <= (Math.abs(exact - Math.rint(exact)) < 1e-9 ? 1 : 0),
                            in + "->" + out + " at " + x);
                }
            }
        }
    }

    @Test
    void sameSizeIsACopy() {
        Image8 input = Images.readRgb(fixture("input.png"));
        Image8 same = Resampling.bicubic(input, input.width(), input.height());
        assertNotSame(input.data(), same.data());
        assertArrayEquals(input.data(), same.data());
    }

    @Test
    void constantImagesStayConstant() {
        Image8 flat = Image8.blank(29, 17, 3);
        Arrays.fill(flat.data(), (byte) 173);
        for (int[] size : new int[][] {{7, 5}, {64, 40}, {29, 3}}) {
            for (byte b : Resampling.bicubic(flat, size[0], size[1]).data()) {
                assertEquals(173, b & 0xFF);
            }
        }
    }
}
