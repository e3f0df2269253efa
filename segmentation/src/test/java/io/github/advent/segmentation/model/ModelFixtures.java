package io.github.advent.segmentation.model;

import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/** The files written by {@code src/test/resources/model/make_deeplab_fixture.py}. */
final class ModelFixtures {
    /** The fixture network: bottleneck depth [1, 1, 1, 1], width divisor 16, 5 classes. */
    static final DeepLabConfig TINY = new DeepLabConfig(Depth.RESNET14, 16, 5);

    static final String ADVENT_PTH = "deeplab_tiny_advent.pth";
    static final String ADVENT_FP16_NPZ = "deeplab_tiny_advent_fp16.npz";
    static final String IMAGENET_PTH = "deeplab_tiny_imagenet.pth";
    static final String TORCHVISION_PTH = "deeplab_tiny_torchvision.pth";
    static final String EXPECTED_NPZ = "deeplab_tiny_expected.npz";
    static final String RESNET101_KEYS = "deeplab_resnet101_keys.json";

    private ModelFixtures() {}

    static Path path(String name) {
        URL url = ModelFixtures.class.getResource("/model/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource /model/" + name
                    + " (run make_deeplab_fixture.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, TensorData> read(String name) {
        return WeightFiles.read(path(name));
    }

    /** max |expected − actual| / max |expected|. */
    static double relativeError(float[] expected, float[] actual) {
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
