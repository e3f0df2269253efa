package io.github.advent.entropy.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.util.SplitMix64;
import java.util.LinkedHashMap;

/**
 * A network whose parameters are registered under PyTorch state-dict keys and initialised from a seeded
 * generator the first time they are allocated (DeepLab-V2, SSD-300): the same seed gives the same weights, and
 * loaded weights survive a later {@link #initialize} (DJL's {@code Trainer.initialize} calls it again).
 */
public abstract class SeededNetwork extends AbstractBlock {
    private final SplitMix64 initRandom;

    protected SeededNetwork(SplitMix64 initRandom) {
        this.initRandom = initRandom;
    }

    /** Draws every parameter's initial values from {@code random}, in state-dict order. */
    public abstract void initializeWeights(SplitMix64 random);

    /**
     * Allocates the arrays in {@code manager} and, if any was missing, initialises them with
     * {@link #initializeWeights} from the constructor's generator. Calling it again on an allocated network
     * changes nothing.
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        boolean allocates = parameters.values().stream().anyMatch(p -> !p.isInitialized());
        super.initialize(manager, dataType, inputShapes);
        if (allocates) {
            initializeWeights(initRandom);
        }
    }

    /**
     * Allocates the arrays (zeros, in native memory) without drawing initial values, for a network whose every value
     * is loaded next: a checkpoint load then costs no Java-heap copy of the network. A later {@link #initialize}
     * changes nothing.
     */
    public void allocateForLoading(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
    }

    /** Every parameter (and statistic) by state-dict key, in registration order; the same objects as {@link #getParameters()}. */
    public LinkedHashMap<String, Parameter> stateDict() {
        return new LinkedHashMap<>(parameters);
    }
}
