package io.github.advent.tools;

import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.TrainingRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The progress bar of a training command: losses, learning rate and seconds per iteration. */
public final class TrainingProgress implements TrainingRun.Listener, AutoCloseable {
    private final ProgressBar bar;

    public TrainingProgress(String label, long total, long done) {
        this.bar = new ProgressBar(label, total, 5);
        bar.set(done);
    }

    @Override
    public void iterationDone(IterationLosses losses, double seconds) {
        StringBuilder status = new StringBuilder();
        for (Map.Entry<String, Double> loss : losses.values().entrySet()) {
            status.append(loss.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4g", loss.getValue())).append("  ");
        }
        status.append(String.format(Locale.ROOT, "lr %.3g  %.2f s/it", losses.learningRate(), seconds));
        bar.status(status.toString());
        bar.set(losses.iteration() + 1);
    }

    @Override
    public void snapshotWritten(Path snapshot, long iteration) {
        bar.status("snapshot " + snapshot.getFileName());
    }

    @Override
    public void close() {
        bar.close();
    }
}
