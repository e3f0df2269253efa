package io.github.advent.classification.model;

import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seeded values of {@code src/test/resources/fixtures/make_classification_fixtures.py}, Java side: the same
 * SplitMix64 stream and the same rule per tensor, so that the Python reference and these tests fill their networks
 * identically without a weight file in the repository.
 */
public final class SeededWeights {
    public static final long SEED_WEIGHTS = 2026;
    public static final long SEED_INPUT = 7;

    private SeededWeights() {}

    /**
     * A torchvision state dict for {@code network}'s keys with the seeded values, in the network's (torchvision's)
     * order, with torchvision's int64 {@code num_batches_tracked} after each batch norm's running variance.
     */
    public static Map<String, TensorData> torchvisionStateDict(ResNet network) {
        SplitMix64 random = new SplitMix64(SEED_WEIGHTS);
        int features = network.config().features();
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        network.stateDict().forEach((key, parameter) -> {
            long[] shape = parameter.getShape().getShape();
            float[] values = new float[Math.toIntExact(new Shape(shape).size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) value(key, shape, features, random.nextDouble());
            }
            tensors.put(key, floats(shape, values));
            if (key.endsWith(".running_var")) {
                String tracked = key.substring(0, key.length() - "running_var".length()) + "num_batches_tracked";
                ByteBuffer zero = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0L);
                tensors.put(tracked, new TensorData(TensorType.INT64, new long[0], zero));
            }
        });
        return tensors;
    }

    private static double value(String key, long[] shape, int features, double u) {
        if (shape.length == 4) {
            return (2 * u - 1) * Math.sqrt(6.0 / (shape[1] * shape[2] * shape[3]));
        }
        if (key.startsWith("fc.")) {
            return (2 * u - 1) / Math.sqrt(features);
        }
        if (key.endsWith("running_mean")) {
            return 0.1 * (2 * u - 1);
        }
        if (key.endsWith("bn3.weight")) {
            return 0.1 + 0.2 * u;
        }
        if (key.endsWith("running_var") || key.endsWith("weight")) {
            return 0.5 + u;
        }
        return 0.2 * (2 * u - 1);
    }

    /** {@code n x 3 x size x size} inputs, {@code 2·(2u − 1)}, drawn from {@code random}. */
    public static float[] inputs(SplitMix64 random, int n, int size) {
        float[] values = new float[n * 3 * size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (2 * (2 * random.nextDouble() - 1));
        }
        return values;
    }

    private static TensorData floats(long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new TensorData(TensorType.FLOAT32, shape, bytes);
    }
}
