package io.github.advent.detection;

import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/** The files written by {@code src/test/resources/model/make_ssd_fixture.py}. */
public final class DetectionFixtures {
    public static final String KEYS_JSON = "ssd300_vgg16_keys.json";
    public static final String TINY_PTH = "ssd_tiny_ssdpytorch.pth";
    public static final String TINY_REDUCED_FC_PTH = "ssd_tiny_reducedfc.pth";
    public static final String TINY_EXPECTED_NPZ = "ssd_tiny_expected.npz";
    public static final String PRIORS_NPZ = "ssd300_priors.npz";
    public static final String LOSS_NPZ = "ssd_loss_reference.npz";

    private DetectionFixtures() {}

    public static Path path(String name) {
        URL url = DetectionFixtures.class.getResource("/model/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource /model/" + name + " (run make_ssd_fixture.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, TensorData> read(String name) {
        return WeightFiles.read(path(name));
    }

    public static int[] ints(TensorData tensor) {
        long[] values = tensor.toLongArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    /** max |expected − actual| / max |expected|. */
    public static double relativeError(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("element count " + actual.length + ", expected " + expected.length);
        }
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs((double) expected[i] - actual[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst / scale;
    }
}
