package io.github.advent.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.ops.AlignCornersUpsampling;
import io.github.advent.entropy.ops.CrossEntropy;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.AdaptationTask;
import io.github.advent.entropy.train.Batch;
import java.util.List;

/**
 * Semantic segmentation as an adaptation task, as ADVENT trains it: a multi-level network returns
 * (main, aux) logits at output stride 8; both are upsampled (bilinear, align_corners = true) to the
 * input size before the loss, the entropy and the discriminators.
 *
 * <p>Supervised loss {@code CE(main) + 0.1·CE(aux)} with label 255 ignored. Adaptation levels: main
 * (λ_ent 0.001, λ_adv 0.001) and aux (λ_ent 0.0002, λ_adv 0.0002), each watched by a discriminator.
 * Batches: inputs {@code N x 3 x H x W} (BGR, mean subtracted), labels {@code N x H x W} train ids.
 */
public final class SegmentationTask implements AdaptationTask {
    /** ADVENT's weight of the auxiliary head's segmentation loss. */
    public static final float AUX_SEGMENTATION_WEIGHT = 0.1f;

    /** ADVENT's per-level loss weights. */
    public record Lambdas(double entropyMain, double entropyAux, double adversarialMain, double adversarialAux) {
        public static final Lambdas ADVENT = new Lambdas(0.001, 0.0002, 0.001, 0.0002);
    }

    private final Block network;
    private final ModelIdentity identity;
    private final List<ParameterGroup> groups;
    private final List<AdaptationLevel> levels;

    /**
     * @param network a block whose forward returns (main, aux) logits
     * @param minMapSide the smaller side of the training inputs (the upsampled maps the discriminators see)
     */
    public SegmentationTask(Block network, ModelIdentity identity, List<ParameterGroup> groups, Lambdas lambdas,
            int minMapSide) {
        this.network = network;
        this.identity = identity;
        this.groups = List.copyOf(groups);
        int classes = identity.numClasses();
        this.levels = List.of(
                new AdaptationLevel("main", classes, 1, lambdas.entropyMain(), lambdas.adversarialMain(), true, minMapSide),
                new AdaptationLevel("aux", classes, 1, lambdas.entropyAux(), lambdas.adversarialAux(), true, minMapSide));
    }

    @Override
    public String architecture() {
        return identity.architecture();
    }

    @Override
    public int numClasses() {
        return identity.numClasses();
    }

    @Override
    public Block network() {
        return network;
    }

    @Override
    public List<ParameterGroup> parameterGroups() {
        return groups;
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
        NDArray labels = batch.labels().singletonOrThrow();
        int height = Math.toIntExact(labels.getShape().get(1));
        int width = Math.toIntExact(labels.getShape().get(2));
        NDArray main = CrossEntropy.withIgnore(AlignCornersUpsampling.resize(outputs.get(0), height, width), labels);
        NDArray aux = CrossEntropy.withIgnore(AlignCornersUpsampling.resize(outputs.get(1), height, width), labels);
        return main.add(Scalars.mul(aux, AUX_SEGMENTATION_WEIGHT));
    }

    /** Tent: the main head is the prediction; the auxiliary head only helps training. */
    @Override
    public boolean isPrediction(AdaptationLevel level) {
        return level.name().equals("main");
    }

    @Override
    public NDList adaptationLogits(NDList outputs, Batch batch) {
        NDArray image = batch.inputs().singletonOrThrow();
        int height = Math.toIntExact(image.getShape().get(2));
        int width = Math.toIntExact(image.getShape().get(3));
        return new NDList(AlignCornersUpsampling.resize(outputs.get(0), height, width),
                AlignCornersUpsampling.resize(outputs.get(1), height, width));
    }
}
