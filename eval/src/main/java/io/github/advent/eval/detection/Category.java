package io.github.advent.eval.detection;

/** A detection class as the ground truth names it (COCO {@code categories}). */
public record Category(long id, String name) {}
