package io.github.advent.entropy.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.advent.entropy.ops.Assign;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of a network's batch-norm running statistics, so that an iteration recomputed after a
 * numerical fault starts from exactly the statistics it started from (training forwards update them,
 * and a faulty pass may have written NaN into them).
 */
final class RunningStatistics {
    private final List<Parameter> parameters;
    private final List<float[]> values;

    private RunningStatistics(List<Parameter> parameters, List<float[]> values) {
        this.parameters = parameters;
        this.values = values;
    }

    static RunningStatistics capture(Block network) {
        List<Parameter> parameters = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : network.getParameters()) {
            Parameter p = pair.getValue();
            if ((p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) && p.isInitialized()) {
                parameters.add(p);
                values.add(p.getArray().toFloatArray());
            }
        }
        return new RunningStatistics(parameters, values);
    }

    void restore() {
        for (int i = 0; i < parameters.size(); i++) {
            Assign.values(parameters.get(i).getArray(), values.get(i));
        }
    }

    int size() {
        return parameters.size();
    }
}
