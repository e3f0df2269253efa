package io.github.advent.entropy;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's autograd switch is per thread, and DJL turns it off only on the thread that loaded
 * the engine. Code that updates parameters in place or runs inference on another thread (a test
 * runner, a CLI worker) calls {@link #disableOnThisThread()} first: otherwise in-place updates of
 * leaf parameters fail and inference records a graph that is never freed.
 */
public final class GradMode {
    private GradMode() {}

    public static void disableOnThisThread() {
        if (isPyTorch()) {
            JniUtils.setGradMode(false);
        }
    }

    /** Whether autograd records operations on this thread (always false on engines without it). */
    public static boolean isEnabled() {
        return isPyTorch() && JniUtils.isGradMode();
    }

    /** Runs {@code action} with autograd off on this thread, then restores the previous mode (safe inside a collector). */
    public static void noGrad(Runnable action) {
        if (!isPyTorch()) {
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

    private static boolean isPyTorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }
}
