package io.github.advent.entropy.optim;

import java.util.List;

/**
 * Parameters trained at {@code lrMultiplier} times the scheduled learning rate (DeepLab: backbone 1x,
 * classifier heads 10x). Parameters that belong to no group are frozen.
 */
public record ParameterGroup(String name, double lrMultiplier, List<NamedParameter> parameters) {
    public ParameterGroup {
        parameters = List.copyOf(parameters);
        if (!(lrMultiplier >= 0)) {
            throw new IllegalArgumentException("learning-rate multiplier must be >= 0: " + lrMultiplier);
        }
    }
}
