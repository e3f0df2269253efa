package io.github.advent.entropy.optim;

import ai.djl.nn.Parameter;

/** A parameter with the stable name it carries in checkpoints and optimiser state. */
public record NamedParameter(String name, Parameter parameter) {}
