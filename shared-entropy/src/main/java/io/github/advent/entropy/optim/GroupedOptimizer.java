package io.github.advent.entropy.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.GradMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What SGD and Adam share: the groups, per-parameter buffers, and the loop over parameters. */
abstract class GroupedOptimizer implements Optimizer {
    private final List<ParameterGroup> groups;
    private final Map<String, NDArray> parametersByName = new LinkedHashMap<>();
    protected final OptimizerState buffers;

    GroupedOptimizer(List<ParameterGroup> groups, NDManager stateParent) {
        this.groups = List.copyOf(groups);
        for (ParameterGroup group : this.groups) {
            for (NamedParameter p : group.parameters()) {
                if (parametersByName.put(p.name(), p.parameter().getArray()) != null) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' is in more than one group");
                }
            }
        }
        this.buffers = new OptimizerState(stateParent);
    }

    @Override
    public List<ParameterGroup> groups() {
        return groups;
    }

    @Override
    public final void step(double learningRate) {
        GradMode.disableOnThisThread();
        beforeStep();
        for (ParameterGroup group : groups) {
            double groupRate = learningRate * group.lrMultiplier();
            for (NamedParameter p : group.parameters()) {
                NDArray weight = p.parameter().getArray();
                try (NDArray gradient = weight.getGradient()) {
                    update(p.name(), weight, gradient, groupRate);
                }
            }
        }
    }

    /** Called once per step before the parameter loop (Adam counts its steps here). */
    protected void beforeStep() {}

    /** Updates {@code weight} in place; temporaries must be closed here. */
    protected abstract void update(String name, NDArray weight, NDArray gradient, double learningRate);

    /** The buffer-name suffixes this optimiser keeps per parameter. */
    protected abstract Set<String> bufferSuffixes();

    @Override
    public Map<String, NDArray> state() {
        return buffers.view();
    }

    @Override
    public void loadState(Map<String, NDArray> state) {
        buffers.load(state, parametersByName, bufferSuffixes());
    }

    /** {@code gradient + weightDecay · weight}, a new array (PyTorch's coupled L2 decay). */
    static NDArray withWeightDecay(NDArray gradient, NDArray weight, float weightDecay) {
        if (weightDecay == 0f) {
            return gradient.duplicate();
        }
        try (NDArray decay = weight.mul(weightDecay)) {
            return gradient.add(decay);
        }
    }

    @Override
    public void close() {
        buffers.close();
    }
}
