package io.github.advent.segmentation.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Batch norm in training, parameter groups, freezing and initialisation. */
class DeepLabV2TrainingTest extends ManagedTest {
    private static final DeepLabConfig SMALL = new DeepLabConfig(Depth.RESNET14, 16, 3);

    private static boolean isBatchNorm(String key) {
        return key.contains(".bn") || key.startsWith("bn") || key.contains(".downsample.1.");
    }

    private static boolean isStatistic(String key) {
        return key.endsWith(".running_mean") || key.endsWith(".running_var");
    }

    private NDArray input(long seed) {
        float[] values = new float[2 * 3 * 40 * 56];
        SplitMix64 random = new SplitMix64(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 30 + 5;
        }
        return manager.create(values, new Shape(2, 3, 40, 56));
    }

    private static Map<String, float[]> statistics(DeepLabV2 network) {
        Map<String, float[]> out = new LinkedHashMap<>();
        network.stateDict().forEach((k, p) -> {
            if (isStatistic(k)) {
                out.put(k, p.getArray().toFloatArray());
            }
        });
        return out;
    }

    @Test
    void groupsAreBackboneAt1xAndHeadsAt10xWithoutBatchNorm() {
        DeepLabV2 network = new DeepLabV2(DeepLabConfig.resnet101(19)); // not allocated: groups are by name
        List<ParameterGroup> groups = network.parameterGroups();
        assertEquals(List.of("backbone", "heads"), groups.stream().map(ParameterGroup::name).toList());
        assertEquals(1.0, groups.get(0).lrMultiplier());
        assertEquals(10.0, groups.get(1).lrMultiplier());
        List<String> backbone = groups.get(0).parameters().stream().map(NamedParameter::name).toList();
        List<String> heads = groups.get(1).parameters().stream().map(NamedParameter::name).toList();
        List<String> expectedHeads = new ArrayList<>();
        for (String head : List.of("layer5", "layer6")) {
            for (int i = 0; i < 4; i++) {
                expectedHeads.add(head + ".conv2d_list." + i + ".weight");
                expectedHeads.add(head + ".conv2d_list." + i + ".bias");
            }
        }
        assertEquals(expectedHeads, heads);
        assertEquals(104, backbone.size()); // conv1 + 33 x 3 + 4 downsample convs
        assertEquals("conv1.weight", backbone.get(0));
        assertTrue(backbone.stream().allMatch(k -> k.endsWith(".weight") && !isBatchNorm(k) && !DeepLabV2.isHeadKey(k)),
                backbone::toString);
        // every non-BN tensor is in exactly one group; names map to the block's own parameters
        Set<String> grouped = new HashSet<>(backbone);
        grouped.addAll(heads);
        assertEquals(backbone.size() + heads.size(), grouped.size());
        network.stateDict().forEach((key, p) -> assertEquals(!isBatchNorm(key), grouped.contains(key), key));
        for (ParameterGroup g : groups) {
            for (NamedParameter p : g.parameters()) {
                assertTrue(network.stateDict().get(p.name()) == p.parameter(), p.name());
            }
        }
    }

    @Test
    void batchNormAffineNeverRequiresGradientsAndFreezingTouchesOnlyConvolutions() {
        DeepLabV2 network = DeepLabV2.create(manager, SMALL, new SplitMix64(3));
        network.stateDict().forEach((k, p) -> assertEquals(!isBatchNorm(k), p.requiresGradient(), k));
        network.freezeParameters(true);
        network.stateDict().values().forEach(p -> assertFalse(p.requiresGradient()));
        network.freezeParameters(false);
        network.stateDict().forEach((k, p) -> assertEquals(!isBatchNorm(k), p.requiresGradient(), k));
        network.freezeParameters(false, p -> true);
        network.stateDict().forEach((k, p) -> assertEquals(!isBatchNorm(k), p.requiresGradient(), k));
    }

    @Test
    void backwardReachesEveryGroupedParameterAndNoBatchNormParameter() {
        DeepLabV2 network = DeepLabV2.create(manager, SMALL, new SplitMix64(4));
        Map<String, float[]> gammaBefore = new LinkedHashMap<>();
        network.stateDict().forEach((k, p) -> gammaBefore.put(k, p.getArray().toFloatArray()));
        NDArray x = input(1);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = network.forward(new ParameterStore(manager, false), new NDList(x), true);
            NDArray loss = out.get(DeepLabV2.MAIN).sum().add(out.get(DeepLabV2.AUX).sum());
            collector.backward(loss);
        }
        for (ParameterGroup g : network.parameterGroups()) {
            for (NamedParameter p : g.parameters()) {
                try (NDArray gradient = p.parameter().getArray().getGradient()) {
                    float norm = gradient.abs().sum().getFloat();
                    assertTrue(norm > 0 && Float.isFinite(norm), p.name() + " gradient " + norm);
                }
            }
        }
        network.stateDict().forEach((k, p) -> {
            if (isBatchNorm(k)) {
                assertFalse(p.getArray().hasGradient(), k);
                if (!isStatistic(k)) {
                    assertArrayEquals(gammaBefore.get(k), p.getArray().toFloatArray(), k);
                }
            }
        });
    }

    @Test
    void trainingUpdatesRunningStatisticsWithPyTorchMomentumAndEvalDoesNot() {
        DeepLabV2 network = DeepLabV2.create(manager, SMALL, new SplitMix64(5));
        NDArray x = input(2);
        ParameterStore ps = new ParameterStore(manager, false);
        network.forward(ps, new NDList(x), false);
        Map<String, float[]> initial = statistics(network);
        initial.forEach((k, v) -> {
            for (float f : v) {
                assertEquals(k.endsWith("_var") ? 1f : 0f, f, k);
            }
        });

        network.forward(ps, new NDList(x), true);
        // bn1: from (0, 1), one update with the batch mean and the unbiased batch variance, momentum 0.1
        NDArray y = Conv2d.conv2d(x, network.stateDict().get("conv1.weight").getArray(), null, new Shape(2, 2),
                new Shape(3, 3), new Shape(1, 1)).head();
        long channels = y.getShape().get(1);
        NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(channels, -1);
        long n = perChannel.getShape().get(1);
        float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
        float[] sumSq = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().sum(new int[] {1}).toFloatArray();
        float[] runningMean = network.stateDict().get("bn1.running_mean").getArray().toFloatArray();
        float[] runningVar = network.stateDict().get("bn1.running_var").getArray().toFloatArray();
        for (int c = 0; c < channels; c++) {
            double expectedMean = 0.1 * mean[c];
            double expectedVar = 0.9 + 0.1 * sumSq[c] / (n - 1);
            assertEquals(expectedMean, runningMean[c], 1e-5 * Math.max(1, Math.abs(expectedMean)), "mean " + c);
            assertEquals(expectedVar, runningVar[c], 1e-5 * expectedVar, "var " + c);
        }
        Map<String, float[]> afterTrain = statistics(network);
        afterTrain.forEach((k, v) -> assertFalse(java.util.Arrays.equals(initial.get(k), v), k + " not updated"));

        network.forward(ps, new NDList(x), false);
        statistics(network).forEach((k, v) -> assertArrayEquals(afterTrain.get(k), v, k + " changed in eval mode"));
    }

    @Test
    void frozenStatisticsAreNeverUpdatedAndTrainingNormalisesWithThem() {
        DeepLabV2 network = DeepLabV2.create(manager, SMALL, new SplitMix64(6));
        NDArray x = input(3);
        ParameterStore ps = new ParameterStore(manager, false);
        network.forward(ps, new NDList(x), true); // non-trivial running statistics
        Map<String, float[]> before = statistics(network);
        float[] eval = network.forward(ps, new NDList(x), false).get(DeepLabV2.MAIN).toFloatArray();
        float[] batch = network.forward(ps, new NDList(input(3)), true).get(DeepLabV2.MAIN).toFloatArray();
        Map<String, float[]> updatedAgain = statistics(network);
        assertFalse(java.util.Arrays.equals(before.get("bn1.running_mean"), updatedAgain.get("bn1.running_mean")));

        DeepLabV2 frozen = DeepLabV2.create(manager, SMALL, new SplitMix64(6));
        frozen.forward(ps, new NDList(x), true);
        frozen.setBatchNormStatisticsFrozen(true);
        assertTrue(frozen.isBatchNormStatisticsFrozen());
        Map<String, float[]> frozenBefore = statistics(frozen);
        float[] frozenTrain = frozen.forward(ps, new NDList(x), true).get(DeepLabV2.MAIN).toFloatArray();
        statistics(frozen).forEach((k, v) -> assertArrayEquals(frozenBefore.get(k), v, k + " updated while frozen"));
        assertArrayEquals(eval, frozenTrain, 1e-5f * max(eval));
        assertNotEquals(max(batch), max(frozenTrain));
    }

    @Test
    void initIsSeededNormalForConvolutionsAndPyTorchDefaultForHeadBiases() {
        DeepLabConfig config = new DeepLabConfig(Depth.RESNET14, 4, 19);
        DeepLabV2 a = DeepLabV2.create(manager, config, new SplitMix64(1234));
        DeepLabV2 b = DeepLabV2.create(manager, config, new SplitMix64(1234));
        DeepLabV2 c = DeepLabV2.create(manager, config, new SplitMix64(1235));
        a.stateDict().forEach((k, p) -> assertArrayEquals(p.getArray().toFloatArray(),
                b.stateDict().get(k).getArray().toFloatArray(), k));
        assertFalse(java.util.Arrays.equals(a.stateDict().get("conv1.weight").getArray().toFloatArray(),
                c.stateDict().get("conv1.weight").getArray().toFloatArray()));

        float[] w = a.stateDict().get("layer4.0.conv2.weight").getArray().toFloatArray(); // 128 x 128 x 9
        double sum = 0;
        double sumSq = 0;
        for (float v : w) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / w.length;
        double std = Math.sqrt(sumSq / w.length - mean * mean);
        assertEquals(0.01, std, 0.0003);
        assertEquals(0, mean, 0.0003);
        for (String head : List.of("layer5", "layer6")) {
            double bound = 1 / Math.sqrt((head.equals("layer5") ? config.auxChannels() : config.mainChannels()) * 9.0);
            for (int i = 0; i < 4; i++) {
                for (float v : a.stateDict().get(head + ".conv2d_list." + i + ".bias").getArray().toFloatArray()) {
                    assertTrue(Math.abs(v) <= bound && v != 0, head + " bias " + v);
                }
            }
        }
        a.stateDict().forEach((k, p) -> {
            if (isBatchNorm(k)) {
                float expected = k.endsWith(".weight") || k.endsWith(".running_var") ? 1f : 0f;
                for (float v : p.getArray().toFloatArray()) {
                    assertEquals(expected, v, k);
                }
            }
        });
    }

    @Test
    void djlsImplicitInitialisationUsesTheDeepLabInitAndASecondInitializeKeepsWeights() {
        DeepLabV2 implicit = new DeepLabV2(SMALL);
        // DJL initialises an unallocated block on its first training forward
        implicit.forward(new ParameterStore(manager, false), new NDList(input(4)), true);
        DeepLabV2 explicit = DeepLabV2.create(manager, SMALL, new SplitMix64(DeepLabV2.DEFAULT_INIT_SEED));
        explicit.stateDict().forEach((k, p) -> {
            if (!isStatistic(k)) {
                assertArrayEquals(p.getArray().toFloatArray(), implicit.stateDict().get(k).getArray().toFloatArray(), k);
            }
        });
        float[] loaded = explicit.stateDict().get("layer2.0.conv2.weight").getArray().toFloatArray();
        explicit.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 64, 64));
        assertArrayEquals(loaded, explicit.stateDict().get("layer2.0.conv2.weight").getArray().toFloatArray());
    }

    private static float max(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
