package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.io.Image8;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FogDarkChannelTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 15, 41})
    void isTheMinimumOverEveryChannelOfTheWindowInsideTheImage(int window) {
        Image8 image = FogReference.randomImage(23, 17, 3, window);
        assertArrayEquals(FogReference.darkChannel(image, window), DarkChannel.of(image, window));
    }

    @Test
    void aGreyImageHasOneChannelToTakeTheMinimumOf() {
        Image8 grey = FogReference.randomImage(9, 12, 1, 99);
        assertArrayEquals(FogReference.darkChannel(grey, 5), DarkChannel.of(grey, 5));
    }

    @Test
    void windowOneIsTheSmallestChannelOfEachPixel() {
        Image8 image = new Image8(2, 1, 3, new byte[] {10, 20, 30, (byte) 250, (byte) 200, (byte) 220});
        assertArrayEquals(new int[] {10, 200}, DarkChannel.of(image, 1));
        assertArrayEquals(new int[] {10, 10}, DarkChannel.of(image, 3));
    }

    @Test
    void refusesAnEvenOrEmptyWindow() {
        Image8 image = FogReference.randomImage(4, 4, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> DarkChannel.of(image, 4));
        assertThrows(IllegalArgumentException.class, () -> DarkChannel.of(image, 0));
    }
}
