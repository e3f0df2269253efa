package io.github.advent.entropy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.testing.ToyDomains;
import io.github.advent.entropy.testing.ToyDomains.Domain;
import io.github.advent.entropy.testing.ToySegmentationTask;
import io.github.advent.entropy.util.SplitMix64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tent through the task SPI: what changes, what does not, the loss, Adam's step, episodic resets, NaN. */
class TestTimeAdapterTest extends ManagedTest {
    static final int SIDE = 8;

    private ToySegmentationTask toy() {
        return new ToySegmentationTask(manager, 7, SIDE, 0.1, 0.01);
    }

    private NDList target(long index) {
        return ToyDomains.unlabelled(manager, Domain.TARGET, index, 2, SIDE).inputs();
    }

    @Test
    void adaptsOnlyTheBatchNormAffineAndLeavesEverythingElseBitIdentical() {
        ToySegmentationTask task = toy();
        Map<String, float[]> before = ToySegmentationTask.snapshot(task.network());
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, TestTimeAdapter.Config.TENT, manager)) {
            Set<String> adapted = adapter.adaptedParameters().stream().map(NamedParameter::name).collect(Collectors.toSet());
            assertEquals(Set.of("02BatchNorm_gamma", "02BatchNorm_beta"), adapted);
            for (int b = 0; b < 3; b++) {
                adapter.adapt(target(b));
            }
            Map<String, float[]> after = ToySegmentationTask.snapshot(task.network());
            for (Map.Entry<String, float[]> e : before.entrySet()) {
                if (adapted.contains(e.getKey())) {
                    assertFalse(java.util.Arrays.equals(e.getValue(), after.get(e.getKey())), e.getKey() + " was not adapted");
                } else {
                    assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " changed"); // running stats too
                }
            }
        }
    }

    @Test
    void theLossIsTheMeanNormalisedEntropyOfEveryPredictedPixelWithBatchStatistics() {
        ToySegmentationTask task = toy();
        NDList inputs = target(0);
        // independent: batch-statistics forward (running stats put back), entropy by hand over main and aux
        Map<String, float[]> before = ToySegmentationTask.snapshot(task.network());
        NDList outputs = task.forward(new ParameterStore(manager, false), inputs, true);
        double expected = (handEntropySum(outputs.get(0)) + handEntropySum(outputs.get(1)))
                / (2.0 * outputs.get(0).size() / ToyDomains.CLASSES);
        restore(task.network(), before);
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, TestTimeAdapter.Config.TENT, manager)) {
            TestTimeAdapter.Result result = adapter.adapt(inputs);
            assertEquals(expected, result.entropyBefore(), 1e-6);
            assertTrue(result.entropyAfter() < result.entropyBefore(), result.toString());
        }
    }

    /** Σ over pixels of −Σ_k p log p / log K, from the logits' float values. */
    private static double handEntropySum(NDArray logits) {
        float[] v = logits.toFloatArray();
        Shape s = logits.getShape();
        int n = (int) s.get(0);
        int k = (int) s.get(1);
        int hw = (int) (s.get(2) * s.get(3));
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, v[(i * k + c) * hw + p]);
                }
                double z = 0;
                for (int c = 0; c < k; c++) {
                    z += Math.exp(v[(i * k + c) * hw + p] - max);
                }
                for (int c = 0; c < k; c++) {
                    double q = Math.exp(v[(i * k + c) * hw + p] - max) / z;
                    sum -= q * Math.log(q) / Math.log(k);
                }
            }
        }
        return sum;
    }

    private static void restore(Block network, Map<String, float[]> values) {
        for (var pair : network.getParameters()) {
            io.github.advent.entropy.ops.Assign.values(pair.getValue().getArray(), values.get(pair.getKey()));
        }
    }

    @Test
    void oneStepIsAdamsFirstStepOnTheEntropyGradient() {
        ToySegmentationTask task = toy();
        Map<String, float[]> before = ToySegmentationTask.snapshot(task.network());
        double lr = 1e-3;
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, new TestTimeAdapter.Config(1, lr, false), manager)) {
            adapter.adapt(target(0));
            for (NamedParameter p : adapter.adaptedParameters()) {
                float[] g = p.parameter().getArray().getGradient().toFloatArray(); // kept until the next step
                float[] w0 = before.get(p.name());
                float[] w1 = p.parameter().getArray().toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    // Adam's first step: m̂ = g, v̂ = g², so w -= lr · g / (|g| + 1e-8)
                    assertEquals(w0[i] - lr * g[i] / (Math.abs(g[i]) + 1e-8), w1[i], 1e-7, p.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void entropyFallsOverAStream() {
        ToySegmentationTask task = toy();
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, new TestTimeAdapter.Config(1, 5e-2, false), manager)) {
            double first = 0;
            double last = 0;
            for (int b = 0; b < 40; b++) {
                double h = adapter.adapt(target(b)).entropyBefore();
                first += b < 5 ? h : 0;
                last += b >= 35 ? h : 0;
            }
            assertTrue(last < first - 5 * 0.1, "first five " + first / 5 + ", last five " + last / 5);
            assertEquals(40, adapter.batches());
        }
    }

    @Test
    void episodicAdaptationStartsEveryBatchFromTheCheckpoint() {
        ToySegmentationTask task = toy();
        Map<String, float[]> initial = ToySegmentationTask.snapshot(task.network());
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, new TestTimeAdapter.Config(3, 1e-2, true), manager)) {
            float[] first = adapter.adapt(target(0)).outputs().get(0).toFloatArray();
            adapter.adapt(target(1));
            float[] again = adapter.adapt(target(0)).outputs().get(0).toFloatArray();
            assertArrayEquals(first, again);
            adapter.reset();
            Map<String, float[]> reset = ToySegmentationTask.snapshot(task.network());
            initial.forEach((name, values) -> assertArrayEquals(values, reset.get(name), name));
        }
    }

    @Test
    void aNonFiniteEntropyStopsWithNothingUpdated() {
        ToySegmentationTask task = toy();
        Map<String, float[]> initial = ToySegmentationTask.snapshot(task.network());
        NDArray image = target(0).head();
        float[] values = image.toFloatArray();
        values[5] = Float.NaN;
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, TestTimeAdapter.Config.TENT, manager)) {
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                    () -> adapter.adapt(new NDList(manager.create(values, image.getShape()))));
            assertTrue(e.getMessage().startsWith("test-time adaptation: the entropy of batch 0 is NaN"), e.getMessage());
            assertEquals(AdaptationTrainer.ENGINE_RETRIES, adapter.recomputations());
        }
        Map<String, float[]> after = ToySegmentationTask.snapshot(task.network());
        initial.forEach((name, v) -> assertArrayEquals(v, after.get(name), name));
    }

    /** A third task, a point classifier with a batch-norm layer, adapts through the SPI alone. */
    @Test
    void aThirdTaskAdaptsThroughTheSpi() {
        PointClassifier task = new PointClassifier(manager);
        try (TestTimeAdapter adapter = new TestTimeAdapter(task, new TestTimeAdapter.Config(1, 1e-2, false), manager)) {
            assertEquals(2, adapter.adaptedParameters().size());
            double first = adapter.adapt(points(0)).entropyBefore();
            double last = first;
            for (int b = 1; b < 30; b++) {
                last = adapter.adapt(points(b)).entropyBefore();
            }
            assertTrue(last < first, first + " -> " + last);
        }
    }

    @Test
    void aTaskWithoutNormalisationLayersIsRefused() {
        AdaptationTask task = new PointClassifier(manager) {
            @Override
            public List<NamedParameter> normalisationParameters() {
                return List.of();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TestTimeAdapter(task, TestTimeAdapter.Config.TENT, manager));
        assertEquals("point-classifier has no normalisation parameters to adapt", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TestTimeAdapter.Config(1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new TestTimeAdapter.Config(-1, 1e-3, false));
    }

    private NDList points(long index) {
        SplitMix64 random = SplitMix64.derived(3, index);
        float[] xy = new float[32];
        for (int i = 0; i < 16; i++) {
            double angle = 2 * Math.PI * random.nextInt(3) / 3;
            xy[2 * i] = (float) (2 * Math.cos(angle) + 1 + random.nextGaussian() * 0.8);
            xy[2 * i + 1] = (float) (2 * Math.sin(angle) + random.nextGaussian() * 0.8);
        }
        return new NDList(manager.create(xy, new Shape(16, 2)));
    }

    static class PointClassifier implements AdaptationTask {
        private final SequentialBlock network = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(3).build());

        PointClassifier(NDManager manager) {
            network.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
            io.github.advent.entropy.nn.TorchInit.defaultConv(network, new SplitMix64(11));
        }

        @Override public String architecture() { return "point-classifier"; }
        @Override public int numClasses() { return 3; }
        @Override public Block network() { return network; }
        @Override public List<ParameterGroup> parameterGroups() { return List.of(); }
        @Override public List<AdaptationLevel> levels() { return List.of(new AdaptationLevel("logits", 3, 1, 1, 0, false, 1)); }

        @Override
        public NDList forward(ParameterStore parameters, NDList inputs, boolean training) {
            return network.forward(parameters, inputs, training);
        }

        @Override
        public NDArray supervisedLoss(NDList outputs, Batch batch) {
            throw new UnsupportedOperationException("Tent reads no labels");
        }

        @Override
        public NDList adaptationLogits(NDList outputs, Batch batch) {
            NDArray logits = outputs.singletonOrThrow();
            return new NDList(logits.reshape(logits.getShape().get(0), 3, 1, 1));
        }
    }
}
