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
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
