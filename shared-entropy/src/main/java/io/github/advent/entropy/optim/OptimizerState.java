package io.github.advent.entropy.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/** Per-parameter buffers of an optimiser, owned by one manager so they outlive every iteration scope. */
final class OptimizerState implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    OptimizerState(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    NDArray get(String name) {
        return buffers.get(name);
    }

    /** Keeps a copy of {@code value} under {@code name}. */
    NDArray putCopy(String name, NDArray value) {
        NDArray copy = value.duplicate();
        copy.attach(manager);
        NDArray previous = buffers.put(name, copy);
        if (previous != null) {
            previous.close();
        }
        return copy;
    }

    NDArray zerosLike(String name, NDArray like) {
        NDArray zeros = manager.zeros(like.getShape(), like.getDataType());
        buffers.put(name, zeros);
        return zeros;
    }

    Map<String, NDArray> view() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    /** Replaces every buffer by a copy of the given one, after checking that each belongs to a known parameter. */
    void load(Map<String, NDArray> state, Map<String, NDArray> parametersByName, java.util.Set<String> suffixes) {
        for (Map.Entry<String, NDArray> entry : state.entrySet()) {
            String name = entry.getKey();
            int dot = name.lastIndexOf('.');
            String owner = dot < 0 ? null : name.substring(0, dot);
            String suffix = dot < 0 ? name : name.substring(dot + 1);
            if (owner == null || !suffixes.contains(suffix) || !parametersByName.containsKey(owner)) {
                throw new IllegalArgumentException("optimiser state '" + name + "' belongs to no parameter of this model");
            }
            NDArray parameter = parametersByName.get(owner);
            if (!parameter.getShape().equals(entry.getValue().getShape())) {
                throw new IllegalArgumentException("optimiser state '" + name + "' has shape "
                        + entry.getValue().getShape() + ", its parameter " + parameter.getShape());
            }
            putCopy(name, entry.getValue());
        }
    }

    @Override
    public void close() {
        buffers.clear();
        manager.close();
    }
}
