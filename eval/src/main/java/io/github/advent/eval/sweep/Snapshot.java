package io.github.advent.eval.sweep;

import java.nio.file.Path;

/** A training snapshot: {@code RUN/snapshots/iter_NNNNNN.safetensors} and its iteration. */
public record Snapshot(Path file, long iteration) {}
