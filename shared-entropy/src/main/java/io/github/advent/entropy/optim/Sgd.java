package io.github.advent.entropy.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;

/**
 * SGD with PyTorch's semantics (ADVENT's segmenter: momentum 0.9, weight decay 5e-4):
 * {@code d = g + wd·w; v = m·v + d} (v = d on the first step); {@code w −= lr·v}.
 *
 * <p>DJL's own SGD folds the learning rate into the momentum buffer ({@code v = m·v + lr·d}), which
 * differs as soon as the poly schedule changes the rate.
 */
public final class Sgd extends GroupedOptimizer {
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final float momentum;
    private final float weightDecay;

    public Sgd(List<ParameterGroup> groups, double momentum, double weightDecay, NDManager stateParent) {
        super(groups, stateParent);
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    protected void update(String name, NDArray weight, NDArray gradient, double learningRate) {
        try (NDArray direction = withWeightDecay(gradient, weight, weightDecay)) {
            NDArray step = direction;
            if (momentum != 0f) {
                String key = name + "." + MOMENTUM_BUFFER;
                NDArray buffer = buffers.get(key);
                if (buffer == null) {
                    buffer = buffers.putCopy(key, direction);
                } else {
                    buffer.muli(momentum).addi(direction);
                }
                step = buffer;
            }
            try (NDArray scaled = step.mul((float) learningRate)) {
                weight.subi(scaled);
            }
        }
    }

    @Override
    protected Set<String> bufferSuffixes() {
        return Set.of(MOMENTUM_BUFFER);
    }
}
