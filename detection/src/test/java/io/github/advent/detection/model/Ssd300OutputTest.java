package io.github.advent.detection.model;

import io.github.advent.entropy.weights.WeightImport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.detection.DetectionFixtures;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forward outputs: parity with the PyTorch reference, flattening order, initialisation. */
class Ssd300OutputTest extends ManagedTest {
    /** The fixture network: width divisor 32, 3 classes. */
    static final SsdConfig TINY = new SsdConfig(32, 3);
    private static final double TOLERANCE = 1e-4;

    /** The fixture's input: the formula of make_ssd_fixture.py's input_image(), 1 x 3 x 300 x 300. */
    static float[] fixtureInput() {
        float[] x = new float[3 * 300 * 300];
        int i = 0;
        for (int c = 0; c < 3; c++) {
            for (int h = 0; h < 300; h++) {
                for (int w = 0; w < 300; w++) {
                    x[i++] = (float) (60 * Math.sin(0.05 * (c + 1) * h + 0.031 * w)
                            + 25 * Math.cos(0.017 * h - 0.043 * (c + 1) * w));
                }
            }
        }
        return x;
    }

    private Ssd300 imported(String file) {
        Ssd300 network = Ssd300.create(manager, TINY, new SplitMix64(5));
        WeightImport report = SsdWeights.importFile(DetectionFixtures.path(file), network, true);
        assertTrue(report.isExact(), report::summary);
        return network;
    }

    private NDList forward(Ssd300 network, boolean training) {
        NDArray input = manager.create(fixtureInput(), new Shape(1, 3, 300, 300));
        return network.forward(new ParameterStore(manager, false), new NDList(input), training);
    }

    @Test
    void everySourceMapMatchesPyTorch() {
        Map<String, TensorData> expected = DetectionFixtures.read(DetectionFixtures.TINY_EXPECTED_NPZ);
        NDList out = forward(imported(DetectionFixtures.TINY_PTH), false);
        assertEquals(12, out.size());
        for (int i = 0; i < Ssd300.SOURCES; i++) {
            compare("conf_" + i, expected.get("conf_" + i), out.get(i));
            compare("loc_" + i, expected.get("loc_" + i), out.get(Ssd300.SOURCES + i));
        }
        // no batch norm, no dropout: training mode computes the same
        NDList train = forward(imported(DetectionFixtures.TINY_PTH), true);
        assertArrayEquals(out.get(3).toFloatArray(), train.get(3).toFloatArray(), 1e-5f);
    }

    private static void compare(String what, TensorData reference, NDArray actual) {
        assertArrayEquals(reference.shape(), actual.getShape().getShape(), what + " shape");
        double error = DetectionFixtures.relativeError(reference.toFloatArray(), actual.toFloatArray());
        System.out.printf("parity %s: max|diff|/max|ref| = %.3g%n", what, error);
        assertTrue(error <= TOLERANCE, what + ": relative error " + error);
    }

    @Test
    void flatteningFollowsTheDefaultBoxOrder() {
        // one image, G = 2 boxes of K = 3 classes on a 2 x 2 map: value = 100·channel + 10·y + x
        float[] map = new float[6 * 4];
        for (int ch = 0; ch < 6; ch++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    map[ch * 4 + y * 2 + x] = 100 * ch + 10 * y + x;
                }
            }
        }
        float[] single = {7, 8, 9}; // a second map: 1 x 1, G = 1
        NDArray flat = Ssd300.flatten(new NDList(manager.create(map, new Shape(1, 6, 2, 2)),
                manager.create(single, new Shape(1, 3, 1, 1))), 3);
        assertEquals(new Shape(1, 9, 3), flat.getShape());
        float[] expected = new float[27];
        int at = 0;
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                for (int g = 0; g < 2; g++) {
                    for (int k = 0; k < 3; k++) {
                        expected[at++] = 100 * (g * 3 + k) + 10 * y + x;
                    }
                }
            }
        }
        System.arraycopy(single, 0, expected, 24, 3);
        assertArrayEquals(expected, flat.toFloatArray());
    }

    @Test
    void flattenedHeadsCover8732BoxesInOrder() {
        Ssd300 network = imported(DetectionFixtures.TINY_PTH);
        NDList out = forward(network, false);
        NDArray conf = network.flattenConfidences(out);
        NDArray loc = Ssd300.flattenLocations(out);
        assertEquals(new Shape(1, 8732, 3), conf.getShape());
        assertEquals(new Shape(1, 8732, 4), loc.getShape());
        // default box 5776 + 6·(19·2 + 3) + 4 is conv7's cell (y 2, x 3), box 4: channel 4·K + k of conf_1
        int prior = 5776 + 6 * (19 * 2 + 3) + 4;
        float[] flat = conf.toFloatArray();
        float[] conv7 = out.get(1).toFloatArray();
        for (int k = 0; k < 3; k++) {
            assertEquals(conv7[((4 * 3 + k) * 19 + 2) * 19 + 3], flat[prior * 3 + k]);
        }
        float[] flatLoc = loc.toFloatArray();
        float[] conv11 = out.get(11).toFloatArray();
        for (int c = 0; c < 16; c++) {
            assertEquals(conv11[c], flatLoc[(8728 * 4) + c]);
        }
    }

    @Test
    void initialisationIsSeededXavierWithL2NormTwenty() {
        Ssd300 a = Ssd300.create(manager, TINY, new SplitMix64(9));
        Ssd300 b = Ssd300.create(manager, TINY, new SplitMix64(9));
        a.stateDict().forEach((k, p) -> assertArrayEquals(p.getArray().toFloatArray(),
                b.stateDict().get(k).getArray().toFloatArray(), k));
        float[] scale = a.stateDict().get(Ssd300.L2NORM_KEY).getArray().toFloatArray();
        assertEquals(16, scale.length);
        for (float s : scale) {
            assertEquals(20f, s);
        }
        assertArrayEquals(new float[2], a.stateDict().get("vgg.0.bias").getArray().toFloatArray());
        // conv6: 2 x 16 x 3 x 3 → fan_in 144, fan_out 288: U(±sqrt(6 / 432))
        float[] conv6 = a.stateDict().get("vgg.31.weight").getArray().toFloatArray();
        double bound = Math.sqrt(6.0 / (16 * 9 + 32 * 9));
        double max = 0;
        for (float w : conv6) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max <= bound && max > 0.8 * bound, "max |w| " + max + ", bound " + bound);
    }

    @Test
    void inputMustBe300By300() {
        Ssd300 network = Ssd300.create(manager, TINY, new SplitMix64(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.forward(
                new ParameterStore(manager, false), new NDList(manager.zeros(new Shape(1, 3, 256, 256))), false));
        assertTrue(e.getMessage().contains("300 x 300"), e.getMessage());
    }
}
