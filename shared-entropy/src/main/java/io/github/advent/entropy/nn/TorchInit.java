package io.github.advent.entropy.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.util.SplitMix64;

/**
 * PyTorch's initialisations, drawn from a seeded Java generator so that a network starts from the
 * same weights on every engine and device.
 */
public final class TorchInit {
    private TorchInit() {}

    /**
     * PyTorch's default for {@code nn.Conv2d}: weight and bias ~ U(−1/√fan_in, 1/√fan_in)
     * (kaiming_uniform with a = √5). Applied to every Conv2d inside {@code block}, in block order.
     */
    public static void defaultConv(Block block, SplitMix64 random) {
        forEachConv(block, conv -> {
            Parameter weight = conv.getParameters().get("weight");
            double bound = 1.0 / Math.sqrt(fanIn(weight));
            fillUniform(weight.getArray(), bound, random);
            Parameter bias = conv.getParameters().get("bias");
            if (bias != null && bias.isInitialized()) {
                fillUniform(bias.getArray(), bound, random);
            }
        });
    }

    /** Every Conv2d weight ~ N(0, std), biases 0 (DeepLab's init uses std 0.01). */
    public static void normalConv(Block block, double std, SplitMix64 random) {
        forEachConv(block, conv -> {
            fillNormal(conv.getParameters().get("weight").getArray(), std, random);
            Parameter bias = conv.getParameters().get("bias");
            if (bias != null && bias.isInitialized()) {
                Assign.values(bias.getArray(), new float[Math.toIntExact(bias.getArray().size())]);
            }
        });
    }

    /** in_channels · kernel area of a conv weight {@code out x in x kh x kw}. */
    static long fanIn(Parameter weight) {
        long[] shape = weight.getArray().getShape().getShape();
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        return fanIn;
    }

    public static void fillUniform(NDArray array, double bound, SplitMix64 random) {
        float[] values = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        Assign.values(array, values);
    }

    public static void fillNormal(NDArray array, double std, SplitMix64 random) {
        float[] values = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        Assign.values(array, values);
    }

    private static void forEachConv(Block block, java.util.function.Consumer<Conv2d> action) {
        if (block instanceof Conv2d conv) {
            action.accept(conv);
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            forEachConv(child.getValue(), action);
        }
    }
}
