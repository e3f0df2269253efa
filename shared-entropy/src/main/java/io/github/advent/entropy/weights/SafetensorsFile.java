package io.github.advent.entropy.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file's contents: its {@code __metadata__} (string to string, header order; empty
 * when absent) and its tensors in data order.
 */
public record SafetensorsFile(Map<String, String> metadata, LinkedHashMap<String, TensorData> tensors) {
    public SafetensorsFile {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
