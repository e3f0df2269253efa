package io.github.advent.classification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.advent.classification.model.ResNet;
import io.github.advent.entropy.ops.CrossEntropy;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.AdaptationTask;
import io.github.advent.entropy.train.Batch;
import java.util.List;

/**
 * Image classification as an adaptation task (ADVENT-SPEC section 16). The prediction of an image is one class
 * distribution, handed to the trainer as a {@code N x K x 1 x 1} map, so everything else is the shared method:
 * MinEnt minimises the mean over images of {@code −Σ_k p_k log p_k / log K}; AdvEnt's discriminator sees each
 * image's self-information vector {@code −p_k log2 p_k / log2 K}. On a 1x1 map every layer of the shared
 * discriminator is a 1x1 convolution, that is a dense layer: an MLP {@code K → 64 → 128 → 256 → 512 → 1} at the
 * paper's base width, LeakyReLU 0.2 between layers, the same BCE flip as in segmentation.
 *
 * <p>Supervised loss: cross-entropy of the source logits (label 255 ignored). Batches: inputs {@code N x 3 x S x S}
 * (RGB standardised), labels {@code N} class indices.
 */
public final class ClassificationTask implements AdaptationTask {
    /** Default per-image loss weights: the entropy of one distribution per image is a far smaller signal than a mean over pixels. */
    public static final double LAMBDA_ENTROPY = 0.1;
    public static final double LAMBDA_ADVERSARIAL = 0.01;
    /** The name of the task's one adaptation level. */
    public static final String LEVEL = "logits";

    private final ResNet network;
    private final List<AdaptationLevel> levels;

    public ClassificationTask(ResNet network) {
        this(network, LAMBDA_ENTROPY, LAMBDA_ADVERSARIAL);
    }

    public ClassificationTask(ResNet network, double lambdaEntropy, double lambdaAdversarial) {
        this.network = network;
        this.levels = List.of(new AdaptationLevel(LEVEL, network.config().numClasses(), 1, lambdaEntropy,
                lambdaAdversarial, true, 1));
    }

    @Override
    public String architecture() {
        return network.config().architecture();
    }

    @Override
    public int numClasses() {
        return network.config().numClasses();
    }

    @Override
    public Block network() {
        return network;
    }

    @Override
    public List<ParameterGroup> parameterGroups() {
        return network.parameterGroups();
    }

    @Override
    public List<AdaptationLevel> levels() {
        return levels;
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, boolean training) {
        return network.forward(parameters, inputs, training);
    }

    @Override
    public NDArray supervisedLoss(NDList outputs, Batch batch) {
        return CrossEntropy.withIgnore(outputs.head(), batch.labels().singletonOrThrow());
    }

    @Override
    public NDList adaptationLogits(NDList outputs, Batch batch) {
        NDArray logits = outputs.head();
        return new NDList(logits.reshape(logits.getShape().get(0), logits.getShape().get(1), 1, 1));
    }
}
