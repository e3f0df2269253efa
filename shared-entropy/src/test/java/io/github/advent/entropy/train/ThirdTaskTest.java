package io.github.advent.entropy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.EntropyLosses;
import io.github.advent.entropy.EntropyMaps;
import io.github.advent.entropy.checkpoint.Provenance;
import io.github.advent.entropy.ops.CrossEntropy;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.util.SplitMix64;
import java.nio.file.Path;
import java.util.List;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that is neither segmentation nor detection plugs into the trainer through the SPI alone:
 * classification of 2-D points, whose prediction is a 1x1 map (G = 1, K = 3). Nothing in
 * shared-entropy knows about it.
 */
class ThirdTaskTest extends ManagedTest {
    static final int CLASSES = 3;
    static final int BATCH = 16;

    @TempDir
    Path dir;

    /** Points around three class centres; the target domain is the same layout, shifted and spread. */
    private Batch points(boolean target, long index) {
        SplitMix64 random = SplitMix64.derived(target ? 2 : 1, index);
        float[] xy = new float[BATCH * 2];
        long[] labels = new long[BATCH];
        double[][] centres = {{0, 2}, {2, -1}, {-2, -1}};
        for (int i = 0; i < BATCH; i++) {
            int c = random.nextInt(CLASSES);
            labels[i] = c;
            double spread = target ? 0.9 : 0.3;
            xy[2 * i] = (float) (centres[c][0] * (target ? 0.6 : 1) + (target ? 0.8 : 0) + random.nextGaussian() * spread);
            xy[2 * i + 1] = (float) (centres[c][1] * (target ? 0.6 : 1) + random.nextGaussian() * spread);
        }
        NDList inputs = new NDList(manager.create(xy, new Shape(BATCH, 2)));
        return target ? Batch.unlabelled(inputs) : new Batch(inputs, new NDList(manager.create(labels)));
    }

    static final class PointClassifier implements AdaptationTask {
        private final SequentialBlock network = new SequentialBlock()
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());

        PointClassifier(NDManager manager) {
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        }

        @Override public String architecture() { return "point-classifier"; }
        @Override public int numClasses() { return CLASSES; }
        @Override public Block network() { return network; }

        @Override
        public List<ParameterGroup> parameterGroups() {
            return List.of(new ParameterGroup("all", 1, AdaptationTrainer.namedParameters(network)));
        }

        @Override
        public List<AdaptationLevel> levels() {
            return List.of(new AdaptationLevel("logits", CLASSES, 1, 1.0, 0.05, true, 1));
        }

        @Override
        public NDList forward(ParameterStore parameters, NDList inputs, boolean training) {
            return network.forward(parameters, inputs, training);
        }

        @Override
        public NDArray supervisedLoss(NDList outputs, Batch batch) {
            return CrossEntropy.withIgnore(outputs.singletonOrThrow(), batch.labels().singletonOrThrow());
        }

        @Override
        public NDList adaptationLogits(NDList outputs, Batch batch) {
            NDArray logits = outputs.singletonOrThrow();
            return new NDList(logits.reshape(logits.getShape().get(0), CLASSES, 1, 1));
        }
    }

    private double targetEntropy(PointClassifier task, AdaptationTrainer trainer) {
        try (NDManager scope = manager.newSubManager()) {
            Batch batch = points(true, 999);
            batch.attach(scope);
            NDArray logits = task.adaptationLogits(task.forward(trainer.parameterStore(), batch.inputs(), false), batch).get(0);
            NDArray info = EntropyMaps.selfInformation(EntropyMaps.groupSoftmax(logits, CLASSES), CLASSES);
            return EntropyLosses.meanEntropy(EntropyMaps.entropy(info, CLASSES)).getFloat();
        }
    }

    @Test
    void classificationTrainsWithMinEntAndAdvEntThroughTheSpi() {
        AdaptationConfig minEnt = AdaptationConfig.defaults(Method.MINENT).withLearningRates(0.05, 1e-3)
                .withSchedule(1000, 0.9).withDiscriminatorBaseWidth(8);
        PointClassifier task = new PointClassifier(manager);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, minEnt, manager)) {
            double start = targetEntropy(task, trainer);
            for (int i = 0; i < 40; i++) {
                trainer.step(points(false, i), points(true, i));
            }
            double end = targetEntropy(task, trainer);
            assertTrue(end < 0.8 * start, "target entropy " + start + " -> " + end);
        }
        AdaptationConfig advEnt = AdaptationConfig.defaults(Method.ADVENT).withLearningRates(0.05, 1e-3)
                .withSchedule(1000, 0.9).withDiscriminatorBaseWidth(8);
        PointClassifier second = new PointClassifier(manager);
        Path file = dir.resolve("points.safetensors");
        try (AdaptationTrainer trainer = new AdaptationTrainer(second, advEnt, manager)) {
            Block d = trainer.discriminators().get("logits");
            try (NDManager scope = manager.newSubManager()) {
                NDArray out = d.forward(trainer.parameterStore(), new NDList(scope.ones(new Shape(BATCH, CLASSES, 1, 1))), false)
                        .singletonOrThrow();
                assertEquals(new Shape(BATCH, 1, 1, 1), out.getShape(), "a 1x1 map keeps a 1x1 logit");
            }
            for (int i = 0; i < 5; i++) {
                IterationLosses losses = trainer.step(points(false, i), points(true, i));
                assertTrue(Double.isFinite(losses.get("adversarial_logits")) && Double.isFinite(losses.get("d_logits_target")));
            }
            TrainerCheckpoint.save(trainer, file, Provenance.current("test"));
        }
        try (AdaptationTrainer trainer = new AdaptationTrainer(new PointClassifier(manager), advEnt, manager)) {
            TrainerCheckpoint.restore(trainer, file);
            assertEquals(5, trainer.iteration());
        }
    }
}
