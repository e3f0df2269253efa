package io.github.advent.segmentation.model;

import static io.github.advent.entropy.testing.Close.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import org.junit.jupiter.api.Test;

/**
 * Inference folds batch norm into the convolutions and frees intermediates as it goes: the logits must be those of
 * the plain conv → batch norm forward (which runs whenever autograd records), and the main-head-only pass must equal
 * the full forward's main head exactly.
 */
class DeepLabV2InferenceTest extends ManagedTest {

    /** A narrow network whose batch norms are far from the identity, so that folding them changes every layer. */
    private DeepLabV2 network() {
        DeepLabV2 network = DeepLabV2.create(manager, new DeepLabConfig(Depth.RESNET14, 16, 19), new SplitMix64(3));
        SplitMix64 random = new SplitMix64(4);
        GradMode.noGrad(() -> network.stateDict().forEach((key, p) -> {
            Parameter.Type type = p.getType();
            NDArray array = p.getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            for (int i = 0; i < values.length; i++) {
                double u = random.nextDouble();
                values[i] = switch (type) {
                    case GAMMA -> (float) (0.5 + u);
                    case BETA, RUNNING_MEAN -> (float) (u - 0.5);
                    case RUNNING_VAR -> (float) (0.2 + 2 * u);
                    default -> Float.NaN;
                };
            }
            if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA || type == Parameter.Type.RUNNING_MEAN
                    || type == Parameter.Type.RUNNING_VAR) {
                Assign.values(array, values);
            }
        }));
        return network;
    }

    private NDArray image(NDManager scope) {
        SplitMix64 random = new SplitMix64(5);
        float[] values = new float[3 * 96 * 160];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 50);
        }
        return scope.create(values, new Shape(1, 3, 96, 160));
    }

    @Test
    void foldedInferenceEqualsConvolutionThenBatchNorm() {
        DeepLabV2 network = network();
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray input = image(scope);
            GradMode.disableOnThisThread();
            float[] folded = network.mainLogits(ps, input, false).toFloatArray();
            float[] plain;
            JniUtils.setGradMode(true); // recording: batch norm runs as its own layer
            try {
                plain = network.forward(ps, new NDList(input), false).get(DeepLabV2.MAIN).toFloatArray();
            } finally {
                JniUtils.setGradMode(false);
            }
            assertFalse(java.util.Arrays.equals(folded, plain), "the two paths should round differently");
            assertRelative(plain, folded, 1e-5, "folded logits");
        }
    }

    @Test
    void mainLogitsEqualTheFullForwardsMainHead() {
        DeepLabV2 network = network();
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray input = image(scope);
            GradMode.disableOnThisThread();
            NDList both = network.forward(ps, new NDList(input), false);
            assertArrayEquals(both.get(DeepLabV2.MAIN).toFloatArray(), network.mainLogits(ps, input, false).toFloatArray());
            // the input is the caller's: still open and unchanged after both passes
            assertArrayEquals(image(scope).toFloatArray(), input.toFloatArray());
        }
    }
}
