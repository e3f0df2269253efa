package io.github.advent.segmentation.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd off on this thread until {@link #close()}, then back to what it was (libtorch's switch is per
 * thread). In-place writes into parameters that require gradients need it.
 */
final class NoGrad implements AutoCloseable {
    private final boolean pytorch = "PyTorch".equals(Engine.getInstance().getEngineName());
    private final boolean previous;

    NoGrad() {
        previous = pytorch && JniUtils.isGradMode();
        if (pytorch) {
            JniUtils.setGradMode(false);
        }
    }

    @Override
    public void close() {
        if (pytorch) {
            JniUtils.setGradMode(previous);
        }
    }
}
