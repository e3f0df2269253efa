package io.github.advent.entropy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.advent.entropy.EntropyLosses;
import io.github.advent.entropy.EntropyMaps;
import io.github.advent.entropy.optim.Gradients;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.testing.ToyDomains;
import io.github.advent.entropy.testing.ToyDomains.Domain;
import io.github.advent.entropy.testing.ToySegmentationTask;
import io.github.advent.entropy.train.AdaptationTrainer.Phase;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;

class AdaptationTrainerTest extends ManagedTest {
    static final int SIZE = 16;
    static final int IMAGES = 2;

    static AdaptationConfig config(Method method) {
        return AdaptationConfig.defaults(method).withLearningRates(0.01, 1e-3).withSchedule(1000, 0.9)
                .withDiscriminatorBaseWidth(8).withSeed(7);
    }

    private Batch source(long i) {
        return ToyDomains.batch(manager, Domain.SOURCE, i, IMAGES, SIZE);
    }

    private Batch target(long i) {
        return ToyDomains.unlabelled(manager, Domain.TARGET, i, IMAGES, SIZE);
    }

    private static Map<String, float[]> gradients(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                values.put(p.getKey(), Gradients.copy(p.getValue().getArray()));
            }
        }
        return values;
    }

    private static Map<String, float[]> discriminatorValues(AdaptationTrainer trainer, boolean gradients) {
        Map<String, float[]> values = new LinkedHashMap<>();
        trainer.discriminators().forEach((level, d) -> (gradients ? gradients(d) : ToySegmentationTask.snapshot(d))
                .forEach((name, v) -> values.put(level + "/" + name, v)));
        return values;
    }

    private static boolean allZero(Map<String, float[]> values) {
        return values.values().stream().allMatch(v -> {
            for (float x : v) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        double worst = 0;
        for (String key : a.keySet()) {
            float[] x = a.get(key);
            float[] y = b.get(key);
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]));
            }
        }
        return worst;
    }

    /** Network gradients after the network's backward passes of iteration 0. */
    private Map<String, float[]> networkGradientsOfFirstIteration(Method method) {
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        Map<String, float[]> grads = new LinkedHashMap<>();
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(method), manager)) {
            trainer.setPhaseListener(phase -> {
                if (phase == Phase.NETWORK_BACKWARD_DONE) {
                    grads.putAll(gradients(task.network()));
                }
            });
            trainer.step(source(0), target(0));
        }
        return grads;
    }

    @Test
    void advEntIterationTouchesEachModelOnlyInItsOwnPhase() {
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        Map<String, float[]> networkBefore = ToySegmentationTask.snapshot(task.network());
        Map<Phase, Map<String, float[]>> dWeights = new EnumMap<>(Phase.class);
        Map<Phase, Map<String, float[]>> dGrads = new EnumMap<>(Phase.class);
        Map<Phase, Map<String, float[]>> netGrads = new EnumMap<>(Phase.class);
        AdaptationConfig config = config(Method.ADVENT);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
            assertEquals(2, trainer.discriminators().size());
            trainer.setPhaseListener(phase -> {
                dWeights.put(phase, discriminatorValues(trainer, false));
                dGrads.put(phase, discriminatorValues(trainer, true));
                netGrads.put(phase, gradients(task.network()));
            });
            IterationLosses losses = trainer.step(source(0), target(0));
            assertEquals(1, trainer.iteration());
            for (String name : new String[] {"supervised", "adversarial_main", "adversarial_aux", "entropy_main",
                    "d_main_source", "d_main_target", "d_aux_source", "d_aux_target"}) {
                assertTrue(Double.isFinite(losses.get(name)), name);
            }
        }
        // network backward: discriminators frozen: weights as before, gradients still zero
        assertEquals(0, maxDifference(dWeights.get(Phase.GRADIENTS_ZEROED), dWeights.get(Phase.NETWORK_BACKWARD_DONE)));
        assertTrue(allZero(dGrads.get(Phase.NETWORK_BACKWARD_DONE)));
        // ... and the adversarial loss sent gradient through them into the network
        Map<String, float[]> sourceOnly = networkGradientsOfFirstIteration(Method.SOURCE_ONLY);
        assertTrue(maxDifference(sourceOnly, netGrads.get(Phase.NETWORK_BACKWARD_DONE)) > 1e-7);
        // discriminator backward: network gradients unchanged, discriminator gradients appear
        assertEquals(0, maxDifference(netGrads.get(Phase.NETWORK_BACKWARD_DONE), netGrads.get(Phase.DISCRIMINATOR_BACKWARD_DONE)));
        assertFalse(allZero(dGrads.get(Phase.DISCRIMINATOR_BACKWARD_DONE)));
        assertTrue(maxDifference(dWeights.get(Phase.GRADIENTS_ZEROED), dWeights.get(Phase.UPDATED)) > 0);
        // the network moved by its own SGD step only: w1 = w0 − lr·mult·(g + wd·w0) (first step: v = d)
        Map<String, float[]> networkAfter = ToySegmentationTask.snapshot(task.network());
        Map<String, float[]> g = netGrads.get(Phase.DISCRIMINATOR_BACKWARD_DONE);
        Map<String, Double> multipliers = new LinkedHashMap<>();
        for (ParameterGroup group : task.parameterGroups()) {
            for (NamedParameter p : group.parameters()) {
                multipliers.put(p.name(), group.lrMultiplier());
            }
        }
        for (String name : networkBefore.keySet()) {
            float[] w0 = networkBefore.get(name);
            float[] w1 = networkAfter.get(name);
            if (!multipliers.containsKey(name)) {
                if (!name.contains("running")) {
                    assertArrayEquals(w0, w1, "frozen " + name + " must not move");
                }
                continue;
            }
            double lr = config.learningRate() * multipliers.get(name);
            for (int i = 0; i < w0.length; i++) {
                double expected = w0[i] - lr * (g.get(name)[i] + config.weightDecay() * w0[i]);
                assertEquals(expected, w1[i], 1e-6 * Math.max(1, Math.abs(expected)), name + "[" + i + "]");
            }
        }
    }

    /** Mean normalised entropy of the main head on held-out target images, in eval mode. */
    private double targetEntropy(ToySegmentationTask task, AdaptationTrainer trainer) {
        double total = 0;
        int batches = 4;
        for (int b = 0; b < batches; b++) {
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = ToyDomains.unlabelled(scope, Domain.TARGET, 10_000 + b, IMAGES, SIZE);
                NDList outputs = task.forward(trainer.parameterStore(), batch.inputs(), false);
                NDArray p = EntropyMaps.groupSoftmax(outputs.get(0), ToyDomains.CLASSES);
                total += EntropyLosses.meanEntropy(
                        EntropyMaps.entropy(EntropyMaps.selfInformation(p, ToyDomains.CLASSES), ToyDomains.CLASSES)).getFloat();
            }
        }
        return total / batches;
    }

    private double[] trainAndMeasure(AdaptationConfig config, int iterations) {
        ToySegmentationTask task = new ToySegmentationTask(manager, 3, SIZE, 1.0, 0.001);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
            for (int i = 0; i < 20; i++) {
                trainer.step(source(i), target(i)); // warm-up on the source, same for every method
            }
            double before = targetEntropy(task, trainer);
            for (int i = 20; i < 20 + iterations; i++) {
                trainer.step(source(i), target(i));
            }
            return new double[] {before, targetEntropy(task, trainer)};
        }
    }

    @Test
    void minEntLowersTheMeanTargetEntropy() {
        double[] sourceOnly = trainAndMeasure(config(Method.SOURCE_ONLY), 30);
        double[] minEnt = trainAndMeasure(config(Method.MINENT), 30);
        double[] ranked = trainAndMeasure(config(Method.MINENT).withEntropyRanking(0.3), 30);
        assertTrue(minEnt[1] < 0.7 * minEnt[0], "MinEnt: " + minEnt[0] + " -> " + minEnt[1]);
        assertTrue(minEnt[1] < 0.7 * sourceOnly[1], "MinEnt " + minEnt[1] + " vs source-only " + sourceOnly[1]);
        assertTrue(ranked[1] < ranked[0], "MinEnt+ER: " + ranked[0] + " -> " + ranked[1]);
    }

    @Test
    void advEntDiscriminatorLearnsToTellTheDomainsApart() {
        ToySegmentationTask task = new ToySegmentationTask(manager, 5, SIZE, 0.001, 0.001);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.ADVENT), manager)) {
            for (int i = 0; i < 60; i++) {
                trainer.step(source(i), target(i));
            }
            Block d = trainer.discriminators().get("main");
            int correct = 0;
            int total = 0;
            for (int b = 0; b < 8; b++) {
                for (Domain domain : Domain.values()) {
                    try (NDManager scope = manager.newSubManager()) {
                        Batch batch = ToyDomains.unlabelled(scope, domain, 20_000 + b, IMAGES, SIZE);
                        NDArray logits = task.forward(trainer.parameterStore(), batch.inputs(), false).get(0);
                        NDArray info = EntropyMaps.selfInformation(
                                EntropyMaps.groupSoftmax(logits, ToyDomains.CLASSES), ToyDomains.CLASSES);
                        float[] says = d.forward(trainer.parameterStore(), new NDList(info), false)
                                .singletonOrThrow().reshape(IMAGES, -1).mean(new int[] {1}).toFloatArray();
                        for (float logit : says) {
                            boolean saysTarget = logit > 0;
                            correct += saysTarget == (domain == Domain.TARGET) ? 1 : 0;
                            total++;
                        }
                    }
                }
            }
            assertTrue(correct >= 0.9 * total, "discriminator accuracy " + correct + "/" + total);
        }
    }

    @Test
    void memoryStaysFlatOverIterations() {
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.MINENT).withEntropyRanking(0.3)
                .withClassPrior(0.5, new float[] {0.5f, 0.3f, 0.2f}), manager)) {
            trainer.step(source(0), target(0));
            int afterFirst = manager.getManagedArrays().size();
            for (int i = 1; i < 25; i++) {
                trainer.step(source(i), target(i));
            }
            assertEquals(afterFirst, manager.getManagedArrays().size(), "arrays alive after 1 vs 25 iterations");
        }
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.ADVENT), manager)) {
            trainer.step(source(0), target(0));
            int afterFirst = manager.getManagedArrays().size();
            for (int i = 1; i < 25; i++) {
                trainer.step(source(i), target(i));
            }
            assertEquals(afterFirst, manager.getManagedArrays().size(), "AdvEnt: arrays alive after 1 vs 25 iterations");
        }
    }

    @Test
    void nonFiniteLossStopsBeforeAnyUpdate() {
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.MINENT), manager)) {
            trainer.step(source(0), target(0));
            Map<String, float[]> before = ToySegmentationTask.snapshot(task.network());
            Batch poisoned = source(1);
            poisoned.inputs().set(0, poisoned.inputs().get(0).mul(Float.NaN));
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.step(poisoned, target(1)));
            assertEquals(1, e.iteration());
            assertEquals(1, trainer.iteration(), "the failed iteration is not counted");
            Map<String, float[]> after = ToySegmentationTask.snapshot(task.network());
            for (String name : before.keySet()) {
                assertArrayEquals(before.get(name), after.get(name), name + " (running statistics restored too)");
            }
        }
    }

    /** The toy task, whose supervised loss gets a NaN gradient (sqrt(0 · Σ logits)) on the calls {@code faulty} picks. */
    private static AdaptationTask withFaultyGradient(ToySegmentationTask toy, java.util.function.IntPredicate faulty) {
        int[] calls = {0};
        return new AdaptationTask() {
            @Override public String architecture() { return toy.architecture(); }
            @Override public int numClasses() { return toy.numClasses(); }
            @Override public Block network() { return toy.network(); }
            @Override public java.util.List<ParameterGroup> parameterGroups() { return toy.parameterGroups(); }
            @Override public java.util.List<AdaptationLevel> levels() { return toy.levels(); }
            @Override public NDList forward(ai.djl.training.ParameterStore p, NDList in, boolean t) { return toy.forward(p, in, t); }
            @Override public NDList adaptationLogits(NDList out, Batch b) { return toy.adaptationLogits(out, b); }
            @Override public NDArray supervisedLoss(NDList out, Batch b) {
                NDArray loss = toy.supervisedLoss(out, b);
                return faulty.test(calls[0]++)
                        ? loss.add(io.github.advent.entropy.ops.Scalars.mul(out.get(0).sum(), 0f).sqrt()) : loss;
            }
        };
    }

    @Test
    void aNonFiniteGradientUnderFiniteLossesStopsBeforeAnyUpdateWhenItPersists() {
        ToySegmentationTask toy = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        AdaptationTask faulty = withFaultyGradient(toy, call -> true);
        try (AdaptationTrainer trainer = new AdaptationTrainer(faulty, config(Method.SOURCE_ONLY), manager)) {
            Map<String, float[]> before = ToySegmentationTask.snapshot(toy.network());
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.step(source(0), target(0)));
            assertTrue(e.getMessage().contains("gradient of") && e.getMessage().contains("ONEDNN_MAX_CPU_ISA"), e.getMessage());
            Map<String, float[]> after = ToySegmentationTask.snapshot(toy.network());
            for (String name : before.keySet()) {
                assertArrayEquals(before.get(name), after.get(name), name);
            }
        }
    }

    @Test
    void aTransientNumericalFaultIsRecomputedExactly() {
        ToySegmentationTask clean = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        ToySegmentationTask toy = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        // the first two passes of the second iteration fail, the third succeeds
        AdaptationTask faulty = withFaultyGradient(toy, call -> call == 1 || call == 2);
        try (AdaptationTrainer reference = new AdaptationTrainer(clean, config(Method.MINENT), manager);
                AdaptationTrainer trainer = new AdaptationTrainer(faulty, config(Method.MINENT), manager)) {
            for (int i = 0; i < 3; i++) {
                IterationLosses expected = reference.step(source(i), target(i));
                IterationLosses got = trainer.step(source(i), target(i));
                assertEquals(expected.values(), got.values(), "iteration " + i);
            }
            assertEquals(3, trainer.iteration());
            assertEquals(2, trainer.recomputations());
            assertEquals(0, reference.recomputations());
            Map<String, float[]> expected = ToySegmentationTask.snapshot(clean.network());
            Map<String, float[]> got = ToySegmentationTask.snapshot(toy.network());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name), got.get(name), name);
            }
        }
    }

    @Test
    void minEntOptionsAppearInTheLossesAndBadSettingsAreRefused() {
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.001, 0.01);
        AdaptationConfig withPrior = config(Method.MINENT).withEntropyRanking(0.3).withClassPrior(0.5, new float[] {0.8f, 0.1f, 0.1f});
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, withPrior, manager)) {
            IterationLosses losses = trainer.step(source(0), target(0));
            assertTrue(losses.values().keySet().containsAll(java.util.List.of(
                    "supervised", "entropy_main", "entropy_aux", "class_prior_main", "class_prior_aux")));
            assertTrue(losses.get("class_prior_main") > 0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> config(Method.ADVENT).withEntropyRanking(0.3));
        assertThrows(IllegalArgumentException.class, () -> new AdaptationTrainer(task,
                config(Method.MINENT).withClassPrior(0.5, new float[] {0.5f, 0.5f}), manager));
        assertThrows(IllegalArgumentException.class, () -> Method.parse("advnet"));
        assertEquals(Method.SOURCE_ONLY, Method.parse("source-only"));
    }
}
