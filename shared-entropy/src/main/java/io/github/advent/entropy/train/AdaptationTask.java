package io.github.advent.entropy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task tells the generic trainer. Everything about entropy, discriminators, optimisers,
 * schedules, checkpoints and the order of backward passes is the trainer's: a task only computes
 * its supervised loss on a labelled batch and turns any batch into class-logit maps.
 *
 * <p>All arrays a task creates while the trainer calls it belong to the iteration's scoped
 * manager (they are derived from the batch arrays), so a task needs no cleanup of its own; it
 * must not create arrays in the network's parameter manager.
 */
public interface AdaptationTask {
    /** The architecture name stored in checkpoints, e.g. {@code deeplabv2-resnet101}. */
    String architecture();

    /** The class count stored in checkpoints (a checkpoint of another count is refused). */
    int numClasses();

    /** The network, initialised. */
    Block network();

    /** Trainable parameters with their learning-rate multipliers; parameters in no group are frozen. */
    List<ParameterGroup> parameterGroups();

    /** The adaptation levels, in the order of {@link #adaptationLogits}. */
    List<AdaptationLevel> levels();

    /** The network's forward pass; {@code training} selects batch statistics for batch norm. */
    NDList forward(ParameterStore parameters, NDList inputs, boolean training);

    /** The supervised loss of a labelled (source) batch, a scalar. */
    NDArray supervisedLoss(NDList outputs, Batch batch);

    /**
     * The supervised loss with the parts the trainer logs beside it ({@link SupervisedLoss}); what the trainer
     * calls. Default: {@link #supervisedLoss} without parts.
     */
    default SupervisedLoss supervisedLosses(NDList outputs, Batch batch) {
        return SupervisedLoss.of(supervisedLoss(outputs, batch));
    }

    /**
     * One class-logit map per level, {@code N x (G*K) x H x W}, channel {@code g*K + k}; the
     * trainer takes the softmax over each group of K. Segmentation upsamples its logits to the
     * input size here, as ADVENT does.
     */
    NDList adaptationLogits(NDList outputs, Batch batch);

    /**
     * Which positions of a level count for the entropy losses, {@code N x 1 x H x W} or
     * {@code N x G x H x W} (1 = counts), or {@code null} for all (the default).
     */
    default NDArray validMask(int level, NDList outputs, Batch batch) {
        return null;
    }

    /**
     * Test-time adaptation ({@link TestTimeAdapter}, Tent): the normalisation layers' affine parameters, the
     * only ones it updates. Default: every parameter of type GAMMA or BETA (batch norm's scale and shift), in
     * the network's order; a network without batch norm names its own (SSD: L2Norm's scale).
     */
    default List<NamedParameter> normalisationParameters() {
        List<NamedParameter> affine = new ArrayList<>();
        for (var pair : network().getParameters()) {
            Parameter.Type type = pair.getValue().getType();
            if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA) {
                affine.add(new NamedParameter(pair.getKey(), pair.getValue()));
            }
        }
        return affine;
    }

    /**
     * Test-time adaptation: whether {@code level}'s map is one of the task's predictions, whose entropy Tent
     * minimises (default: every level; segmentation: the main head, not the auxiliary one).
     */
    default boolean isPrediction(AdaptationLevel level) {
        return true;
    }
}
