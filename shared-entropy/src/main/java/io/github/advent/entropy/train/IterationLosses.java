package io.github.advent.entropy.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers of one iteration, for the progress bar and {@code metrics.csv}: losses by name
 * ({@code supervised}, {@code entropy_<level>}, {@code class_prior_<level>},
 * {@code adversarial_<level>}, {@code d_<level>_source}, {@code d_<level>_target}; discriminator
 * losses are the plain BCE, before ADVENT's halving) and the learning rates used.
 */
public record IterationLosses(
        long iteration, double learningRate, double discriminatorLearningRate, Map<String, Double> values) {
    public IterationLosses {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no loss '" + name + "' in this iteration; have " + values.keySet());
        }
        return value;
    }

    /** Throws when a loss is NaN or infinite, naming it, so that no update is applied. */
    public void requireFinite() {
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            if (!Double.isFinite(entry.getValue())) {
                throw new NonFiniteLossException(iteration, entry.getKey(), entry.getValue());
            }
        }
    }
}
