package io.github.advent.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.detection.box.Detection;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SsdPredictorTest extends ManagedTest {
    private Ssd300 tiny() {
        Ssd300 network = Ssd300.create(manager, new SsdConfig(32, 3), new SplitMix64(1));
        SsdWeights.importFile(DetectionFixtures.path(DetectionFixtures.TINY_PTH), network, true);
        return network;
    }

    private NDArray twoImages() {
        SplitMix64 random = new SplitMix64(8);
        float[] pixels = new float[2 * 3 * 300 * 300];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextGaussian() * 50);
        }
        return manager.create(pixels, SsdPredictor.inputShape(2));
    }

    @Test
    void detectionsPerImageAreScoredSortedAndLimited() {
        Ssd300 network = tiny();
        NDArray input = twoImages();
        SsdPredictor.Result result;
        try (SsdPredictor predictor = new SsdPredictor(network, NmsOptions.SSD)) {
            result = predictor.predict(input);
        }
        assertEquals(2, result.detections().size());
        // the best detection of an image is its highest object-class softmax over all 8,732 boxes
        NDList outputs = network.forward(new ParameterStore(manager, false), new NDList(input), false);
        NDArray probabilities = network.flattenConfidences(outputs).softmax(2);
        for (int n = 0; n < 2; n++) {
            List<Detection> detections = result.detections().get(n);
            assertTrue(!detections.isEmpty() && detections.size() <= 200, "detections: " + detections.size());
            float best = probabilities.get(n).get(":, 1:").max().getFloat();
            assertEquals(best, detections.get(0).score(), 1e-5f);
            for (int i = 0; i < detections.size(); i++) {
                Detection d = detections.get(i);
                assertTrue(d.classId() == 1 || d.classId() == 2, d.toString());
                assertTrue(d.score() > 0.01f && d.x1() < d.x2() && d.y1() < d.y2(), d.toString());
                assertTrue(i == 0 || detections.get(i - 1).score() >= d.score());
            }
        }
        assertTrue(result.timing().networkNanos() > 0 && result.timing().decodeNanos() > 0);
        // the caller's input survives the predictor's scope
        assertEquals(new Shape(2, 3, 300, 300), input.getShape());
        assertEquals(2 * 3 * 300 * 300, input.toFloatArray().length);
    }

    @Test
    void aCheckpointPredictsWhatItsNetworkPredicts(@TempDir Path dir) {
        Ssd300 network = tiny();
        Path checkpoint = dir.resolve("tiny.safetensors");
        SsdWeights.writeCheckpoint(checkpoint, network, "test");
        NDArray input = twoImages();
        List<List<Detection>> direct;
        try (SsdPredictor predictor = new SsdPredictor(network, NmsOptions.SSD)) {
            direct = predictor.predict(input).detections();
        }
        try (SsdPredictor loaded = SsdPredictor.fromCheckpoint(checkpoint, Device.cpu(), NmsOptions.SSD)) {
            assertEquals(network.config().identity(), loaded.identity());
            assertEquals(direct, loaded.predict(input).detections());
        }
    }
}
