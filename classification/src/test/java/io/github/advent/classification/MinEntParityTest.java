package io.github.advent.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.advent.classification.model.ResNet;
import io.github.advent.classification.model.ResNetConfig;
import io.github.advent.classification.model.ResNetWeights;
import io.github.advent.classification.model.SeededWeights;
import io.github.advent.entropy.testing.Fixtures;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.util.SplitMix64;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The first two MinEnt iterations of a resnet14-w8 through the shared trainer give the losses of
 * {@code make_classification_fixtures.py}, a PyTorch reference written from the method (train-mode batch norm,
 * cross-entropy on the source, λ_ent · normalised entropy on the target, SGD with momentum and weight decay, fc at
 * 10x): the first proves the forward passes and the losses, the second the gradients and the update.
 */
class MinEntParityTest extends ManagedTest {
    @Test
    void firstMinEntIterationsMatchThePythonReference() {
        JsonObject fixture = Fixtures.load("minent_losses.json");
        int classes = fixture.get("classes").getAsInt();
        ResNet network = new ResNet(ResNetConfig.parse(fixture.get("architecture").getAsString(), classes), new SplitMix64(0));
        network.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        ResNetWeights.importTensors(Path.of("seeded"), SeededWeights.torchvisionStateDict(network), network, true);
        ClassificationTask task = new ClassificationTask(network, fixture.get("lambda_entropy").getAsDouble(), 0);
        double rate = fixture.get("learning_rate").getAsDouble();
        AdaptationConfig config = AdaptationConfig.defaults(Method.MINENT).withLearningRates(rate, 1e-4)
                .withSchedule(Long.MAX_VALUE / 2, 0.9); // poly factor 1 - 1e-18: PyTorch's constant rate
        SplitMix64 stream = new SplitMix64(SeededWeights.SEED_INPUT);
        float[] source = SeededWeights.inputs(stream, 2, 64);
        float[] target = SeededWeights.inputs(stream, 2, 64);
        JsonArray labels = fixture.getAsJsonArray("labels");
        long[] sourceLabels = {labels.get(0).getAsLong(), labels.get(1).getAsLong()};
        JsonArray expected = fixture.getAsJsonArray("iterations");
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
            for (int i = 0; i < expected.size(); i++) {
                Batch sourceBatch = new Batch(new NDList(manager.create(source, new Shape(2, 3, 64, 64))),
                        new NDList(manager.create(sourceLabels)));
                Batch targetBatch = Batch.unlabelled(new NDList(manager.create(target, new Shape(2, 3, 64, 64))));
                IterationLosses losses = trainer.step(sourceBatch, targetBatch);
                JsonObject reference = expected.get(i).getAsJsonObject();
                double tolerance = 1e-5;
                assertEquals(reference.get("supervised").getAsDouble(), losses.get("supervised"), tolerance,
                        "iteration " + (i + 1) + " cross-entropy");
                assertEquals(reference.get("entropy_logits").getAsDouble(), losses.get("entropy_logits"), tolerance,
                        "iteration " + (i + 1) + " entropy");
            }
        }
    }
}
