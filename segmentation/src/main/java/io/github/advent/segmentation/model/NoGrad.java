package io.github.advent.segmentation.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs code with autograd off on this thread, then restores what it was (libtorch's switch is per
 * thread). In-place writes into parameters that require gradients need it.
 */
final class NoGrad {
    private NoGrad() {}

    static void run(Runnable action) {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            action.run();
            return;
        }
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            action.run();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
