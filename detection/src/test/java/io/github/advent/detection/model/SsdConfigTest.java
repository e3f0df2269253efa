package io.github.advent.detection.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.checkpoint.ModelIdentity;
import org.junit.jupiter.api.Test;

class SsdConfigTest {
    @Test
    void namesRoundTrip() {
        assertEquals("ssd300-vgg16", SsdConfig.ssd300().architecture());
        assertEquals(9, SsdConfig.ssd300().numClasses());
        assertEquals("ssd300-vgg16-w8", new SsdConfig(8, 9).architecture());
        assertEquals("ssd300-vgg16-w4", new SsdConfig(16, 3).architecture());
        for (int divisor : new int[] {1, 2, 4, 8, 16, 32}) {
            SsdConfig config = new SsdConfig(divisor, 5);
            assertEquals(config, SsdConfig.parse(config.architecture(), 5));
            assertEquals(config, SsdConfig.of(config.identity()));
        }
        assertEquals(new ModelIdentity("ssd300-vgg16-w8", 9), new SsdConfig(8, 9).identity());
    }

    @Test
    void torchvisionsConventionsTravelInTheName() {
        SsdConfig torchvision = new SsdConfig(8, 91, SsdConvention.TORCHVISION);
        assertEquals("ssd300-vgg16-w8-torchvision", torchvision.architecture());
        assertEquals(torchvision, SsdConfig.parse("ssd300-vgg16-w8-torchvision", 91));
        assertEquals(SsdConvention.TORCHVISION, SsdConfig.parse("ssd300-vgg16-torchvision", 9).convention());
        assertEquals(SsdConvention.SSD_PYTORCH, SsdConfig.parse("ssd300-vgg16", 9).convention());
        assertEquals(torchvision, SsdConfig.of(torchvision.identity()));
        // same layers, torchvision's box sizes: conv4_3's square box is 21 px, not 30
        assertEquals(21, torchvision.featureMaps().get(0).minSize());
        assertEquals(30, new SsdConfig(8, 91).featureMaps().get(0).minSize());
        assertThrows(IllegalArgumentException.class, () -> SsdConfig.parse("ssd300-vgg16-torchvision-w8", 9));
    }

    @Test
    void widthsAreDividedHeadsAreNot() {
        assertArrayEquals(new int[] {512, 1024, 512, 256, 256, 256}, SsdConfig.ssd300().sourceChannels());
        assertArrayEquals(new int[] {64, 128, 64, 32, 32, 32}, new SsdConfig(8, 9).sourceChannels());
    }

    @Test
    void badNamesAndValuesAreRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SsdConfig.parse("ssd512-vgg16", 9));
        assertTrue(e.getMessage().contains("ssd300-vgg16-w8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SsdConfig.parse("ssd300-vgg16-w3", 9));
        assertThrows(IllegalArgumentException.class, () -> SsdConfig.parse("ssd300-vgg16-w64", 9));
        assertThrows(IllegalArgumentException.class, () -> SsdConfig.parse("ssd300-vgg16-w08", 9));
        assertThrows(IllegalArgumentException.class, () -> new SsdConfig(3, 9));
        assertThrows(IllegalArgumentException.class, () -> new SsdConfig(64, 9));
        assertThrows(IllegalArgumentException.class, () -> new SsdConfig(1, 1));
    }
}
