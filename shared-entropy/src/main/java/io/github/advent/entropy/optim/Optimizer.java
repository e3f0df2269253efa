package io.github.advent.entropy.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * An optimiser with PyTorch's update rules over parameter groups. Updates read each parameter's
 * accumulated gradient and change the parameter in place; gradients are not zeroed by a step (the
 * trainer zeroes them at the start of an iteration, as ADVENT does).
 */
public interface Optimizer extends AutoCloseable {
    List<ParameterGroup> groups();

    /** One update of every grouped parameter at {@code learningRate · group multiplier}. */
    void step(double learningRate);

    /** The state a resumed run needs, by name ({@code <parameter>.momentum_buffer}, {@code step}, …). Arrays are live: copy before changing. */
    Map<String, NDArray> state();

    /** Restores {@link #state()} from copies of the given arrays; names or shapes that do not fit are an error. */
    void loadState(Map<String, NDArray> state);

    /** Sets the gradient of every grouped parameter to zero. */
    default void zeroGradients() {
        for (ParameterGroup group : groups()) {
            for (NamedParameter p : group.parameters()) {
                Gradients.zero(p.parameter().getArray());
            }
        }
    }

    @Override
    void close();
}
