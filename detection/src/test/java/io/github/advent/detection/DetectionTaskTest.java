package io.github.advent.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.detection.box.DefaultBoxes;
import io.github.advent.detection.box.GroundTruth;
import io.github.advent.detection.box.MultiBoxLoss;
import io.github.advent.detection.box.PriorMatching;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.testing.ToySegmentationTask;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.util.SplitMix64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionTaskTest extends ManagedTest {
    /** Width divisor 32 (ssd300-vgg16-w2: conv1_1 has 2 channels), Cityscapes' 9 classes. */
    private static final SsdConfig SMALL = new SsdConfig(32, 9);

    private final List<GroundTruth> objects = List.of(
            new GroundTruth(new float[] {0.1f, 0.2f, 0.35f, 0.7f, 0.5f, 0.55f, 0.95f, 0.9f}, new int[] {1, 3}),
            new GroundTruth(new float[] {0.6f, 0.1f, 0.7f, 0.3f}, new int[] {8}));

    private Batch labelled(long seed) {
        NDArray images = random(seed);
        return new Batch(new NDList(images), DetectionLabels.of(manager, objects));
    }

    private NDArray random(long seed) {
        SplitMix64 random = new SplitMix64(seed);
        float[] pixels = new float[2 * 3 * 300 * 300];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextGaussian() * 50);
        }
        return manager.create(pixels, new Shape(2, 3, 300, 300));
    }

    @Test
    void oneLevelPerSourceMapWithBoxShareEntropyWeights() {
        DetectionTask task = new DetectionTask(new Ssd300(SsdConfig.ssd300()));
        List<AdaptationLevel> levels = task.levels();
        assertEquals(List.of("conv4_3", "conv7", "conv8_2", "conv9_2", "conv10_2", "conv11_2"),
                levels.stream().map(AdaptationLevel::name).toList());
        assertEquals(List.of(4, 6, 6, 6, 4, 4), levels.stream().map(AdaptationLevel::groups).toList());
        assertEquals(List.of(38, 19, 10, 5, 3, 1), levels.stream().map(AdaptationLevel::minMapSide).toList());
        assertTrue(levels.stream().allMatch(l -> l.classes() == 9 && l.lambdaAdversarial() == 0.001));
        assertEquals(List.of(true, true, false, false, false, false),
                levels.stream().map(AdaptationLevel::discriminated).toList());
        assertEquals(0.001 * 5776 / 8732, levels.get(0).lambdaEntropy(), 1e-15);
        assertEquals(0.001 * 4 / 8732, levels.get(5).lambdaEntropy(), 1e-15);
        assertEquals(0.001, levels.stream().mapToDouble(AdaptationLevel::lambdaEntropy).sum(), 1e-15);
        assertEquals("ssd300-vgg16", task.architecture());
        assertEquals(9, task.numClasses());

        DetectionTask custom = new DetectionTask(new Ssd300(SsdConfig.ssd300()), new DetectionTask.Lambdas(0.01, 0.002),
                Set.of("conv8_2"));
        assertEquals(List.of(false, false, true, false, false, false),
                custom.levels().stream().map(AdaptationLevel::discriminated).toList());
        assertEquals(0.002, custom.levels().get(2).lambdaAdversarial());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DetectionTask(new Ssd300(SsdConfig.ssd300()), DetectionTask.Lambdas.ADVENT, Set.of("conv5_3")));
        assertTrue(e.getMessage().contains("unknown detection level 'conv5_3'"), e.getMessage());
    }

    @Test
    void supervisedLossIsMultiBoxAfterMatchingAndLogitsAreTheConfidenceMaps() {
        Ssd300 network = Ssd300.create(manager, SMALL, new SplitMix64(4));
        DetectionTask task = new DetectionTask(network);
        Batch batch = labelled(1);
        NDList outputs = task.forward(new ParameterStore(manager, false), batch.inputs(), false);
        List<PriorMatching.Targets> targets = objects.stream()
                .map(o -> PriorMatching.match(o, DefaultBoxes.ssd300())).toList();
        MultiBoxLoss.Loss direct = MultiBoxLoss.compute(network.flattenConfidences(outputs),
                Ssd300.flattenLocations(outputs), targets);
        assertEquals(direct.total().getFloat(), task.supervisedLoss(outputs, batch).getFloat(), 1e-6);
        assertEquals(targets.stream().mapToInt(PriorMatching.Targets::positives).sum(),
                task.multiBoxLoss(outputs, batch).positives());

        NDList logits = task.adaptationLogits(outputs, batch);
        assertEquals(6, logits.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(task.levels().get(i).channels(), logits.get(i).getShape().get(1));
            assertEquals(task.levels().get(i).minMapSide(), logits.get(i).getShape().get(2));
        }

        Batch oneLabel = new Batch(batch.inputs(), DetectionLabels.of(manager, objects.subList(0, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> task.supervisedLoss(outputs, oneLabel));
        assertEquals("labels for 1 images, the batch has 2", e.getMessage());
    }

    @Test
    void trainerRunsMinEntAndAdvEntIterations() {
        for (Method method : List.of(Method.MINENT, Method.ADVENT)) {
            Ssd300 network = Ssd300.create(manager, SMALL, new SplitMix64(3));
            AdaptationConfig config = AdaptationConfig.defaults(method).withLearningRates(1e-3, 1e-3)
                    .withDiscriminatorBaseWidth(8);
            try (AdaptationTrainer trainer = new AdaptationTrainer(new DetectionTask(network), config, manager)) {
                Map<String, float[]> networkBefore = ToySegmentationTask.snapshot(network);
                Map<String, Map<String, float[]>> discriminatorsBefore = new java.util.LinkedHashMap<>();
                trainer.discriminators().forEach((level, d) -> discriminatorsBefore.put(level, ToySegmentationTask.snapshot(d)));

                IterationLosses losses = step(trainer);
                losses.values().forEach((name, value) -> assertTrue(Double.isFinite(value), name + " = " + value));
                assertTrue(losses.get("supervised") > 0);
                for (String level : List.of("conv4_3", "conv7", "conv8_2", "conv9_2", "conv10_2", "conv11_2")) {
                    double entropy = losses.get("entropy_" + level);
                    assertTrue(entropy > 0 && entropy <= 1, level + " entropy " + entropy);
                }
                assertTrue(changed(networkBefore, ToySegmentationTask.snapshot(network)), method + ": network unchanged");
                if (method == Method.MINENT) {
                    assertTrue(trainer.discriminators().isEmpty());
                    assertFalse(losses.values().containsKey("adversarial_conv4_3"));
                } else {
                    assertEquals(Set.of("conv4_3", "conv7"), trainer.discriminators().keySet());
                    assertTrue(losses.values().containsKey("adversarial_conv7"));
                    assertTrue(losses.values().containsKey("d_conv4_3_target"));
                    assertFalse(losses.values().containsKey("adversarial_conv8_2"));
                    trainer.discriminators().forEach((level, d) -> assertTrue(
                            changed(discriminatorsBefore.get(level), ToySegmentationTask.snapshot(d)),
                            "discriminator " + level + " unchanged"));
                }
            }
        }
    }

    /** One iteration (the trainer itself recomputes one that libtorch's kernels spoil with a random NaN). */
    private IterationLosses step(AdaptationTrainer trainer) {
        return trainer.step(labelled(10), Batch.unlabelled(new NDList(random(20))));
    }

    private static boolean changed(Map<String, float[]> before, Map<String, float[]> after) {
        return before.entrySet().stream().anyMatch(e -> !java.util.Arrays.equals(e.getValue(), after.get(e.getKey())));
    }

    @Test
    void foregroundWeightingWeighsEachBoxByOneMinusItsBackgroundProbability() {
        Ssd300 network = Ssd300.create(manager, new SsdConfig(32, 3), new SplitMix64(3));
        DetectionTask plain = new DetectionTask(network);
        DetectionTask weighted = new DetectionTask(network, DetectionTask.Lambdas.ADVENT, DetectionTask.DEFAULT_DISCRIMINATED,
                DetectionTask.EntropyWeighting.FOREGROUND);
        NDList outputs = network.forward(new ParameterStore(manager, false), new NDList(random(4)), false);
        Batch target = Batch.unlabelled(new NDList(random(4)));
        assertEquals(null, plain.validMask(0, outputs, target), "ADVENT's form: every box alike");
        for (int level = 0; level < 6; level++) {
            NDArray logits = Ssd300.confidences(outputs).get(level);
            long[] s = logits.getShape().getShape();
            int groups = (int) (s[1] / 3);
            NDArray mask = weighted.validMask(level, outputs, target);
            assertEquals(new Shape(s[0], groups, s[2], s[3]), mask.getShape());
            float[] z = logits.toFloatArray();
            float[] w = mask.toFloatArray();
            int plane = (int) (s[2] * s[3]);
            for (int n = 0; n < s[0]; n++) {
                for (int g = 0; g < groups; g++) {
                    for (int p = 0; p < plane; p++) {
                        // channel g·K + k of image n at position p
                        double[] e = new double[3];
                        double sum = 0;
                        for (int k = 0; k < 3; k++) {
                            e[k] = Math.exp(z[(int) ((n * s[1] + g * 3 + k) * plane + p)]);
                            sum += e[k];
                        }
                        assertEquals(1 - e[0] / sum, w[(n * groups + g) * plane + p], 1e-6, "level " + level);
                    }
                }
            }
        }
    }
}
