package io.github.advent.entropy.data;

import java.nio.file.Path;
import java.util.Map;

/** A dataset as the command line names it, for any task: its registered kind, its root and its {@code key=value} options. */
public record DatasetRef(String kind, Path root, Map<String, String> options) {
    public DatasetRef {
        options = Map.copyOf(options);
    }
}
