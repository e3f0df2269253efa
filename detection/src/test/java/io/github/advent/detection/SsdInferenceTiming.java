package io.github.advent.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import org.junit.jupiter.api.Test;

/**
 * A one-off measurement, not part of the suite (its name matches none of surefire's test patterns): how the
 * full SSD-300's inference time splits between the network and decoding + NMS, batch 1. Its initialised
 * (untrained) network scores every class of every box near 1/9, above the 0.01 threshold: the worst case for
 * NMS. Run with {@code mvn -B -o -q -pl detection -am test -Dtest=SsdInferenceTiming
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SsdInferenceTiming extends ManagedTest {
    @Test
    void networkVersusDecodeAndNms() {
        Ssd300 network = Ssd300.create(manager, SsdConfig.ssd300(), new SplitMix64(1));
        SplitMix64 random = new SplitMix64(2);
        float[] pixels = new float[3 * 300 * 300];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextGaussian() * 50);
        }
        NDArray input = manager.create(pixels, SsdPredictor.inputShape(1));
        try (SsdPredictor predictor = new SsdPredictor(network, NmsOptions.SSD)) {
            predictor.predict(input); // warm-up
            for (int run = 0; run < 5; run++) {
                SsdPredictor.Result result = predictor.predict(input);
                assertEquals(200, result.detections().get(0).size());
                System.out.printf("ssd300-vgg16 batch 1: network %.1f ms, decode + NMS %.1f ms (%.1f %%)%n",
                        result.timing().networkNanos() / 1e6, result.timing().decodeNanos() / 1e6,
                        100 * result.timing().decodeShare());
            }
        }
    }
}
