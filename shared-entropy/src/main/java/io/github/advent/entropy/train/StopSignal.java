package io.github.advent.entropy.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a {@link TrainingRun} to stop after its current iteration and write a final snapshot.
 * {@link #onShutdown()} ties it to Ctrl-C (SIGINT) and SIGTERM: the JVM runs shutdown hooks, and the
 * hook waits until the run has saved before the process exits.
 */
public final class StopSignal {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    private StopSignal() {}

    /** A signal only code can raise. */
    public static StopSignal manual() {
        return new StopSignal();
    }

    /** A signal raised when the JVM begins to shut down (Ctrl-C, SIGTERM). */
    public static StopSignal onShutdown() {
        StopSignal signal = new StopSignal();
        signal.hook = new Thread(() -> {
            signal.requested.set(true);
            try {
                // a ResNet-101 run state is ~0.5 GB: give the final snapshot time to be written
                signal.finished.await(30, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "advent-stop");
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    public void request() {
        requested.set(true);
    }

    public boolean requested() {
        return requested.get();
    }

    /** The run has ended (and saved, if it was asked to stop): a waiting hook may let the JVM exit. */
    void finished() {
        finished.countDown();
        if (hook != null && !requested.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
