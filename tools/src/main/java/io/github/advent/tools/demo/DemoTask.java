package io.github.advent.tools.demo;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One task of the demo (segmentation, detection): how to train, score and show its models. */
interface DemoTask {
    /** A training run's final snapshot, and how many of its passes came out non-finite and were recomputed. */
    record Trained(Path checkpoint, long recomputed) {}

    /** A model's score on held-out scenes: the mean and each class's (fractions). */
    record Score(double mean, double[] perClass) {}

    /**
     * A target domain the task adapts to: the name its results carry, its unlabelled training scenes (whose labels
     * only the oracle reads) and the held-out scenes it is scored on.
     */
    record Target(String name, DemoData.Split train, DemoData.Split validation) {
        /** The training scenes with their labels: the oracle's data. */
        DemoData.Split labelledTrain() {
            return DemoData.Domains.labelled(train);
        }
    }

    String name();

    /** What the score is, e.g. "mIoU". */
    String metric();

    List<String> classes();

    /** The target domains, the task's main one first; each gets its own row of results. */
    List<Target> targets();

    /** Source-only iterations of the start the demo trains for each seed; 0 when the task ships its start. */
    long pretrainIterations();

    long adaptIterations();

    /**
     * The model every method of one seed continues: by default trained here, source-only, for
     * {@link #pretrainIterations()} (a task that ships its start returns that instead).
     */
    default Trained start(DemoData.Split source, long seed, Path runDirectory, TrainingRun.Listener listener) {
        return train(Method.SOURCE_ONLY, source, null, null, pretrainIterations(), seed, runDirectory, listener);
    }

    /**
     * Trains {@code method} for {@code iterations} from {@code init} (null: from scratch) with the labels of
     * {@code labelled} (the source; the labelled target for the oracle) and the images of {@code target} (null for
     * source-only training); the final snapshot.
     */
    Trained train(Method method, DemoData.Split labelled, Target target, Path init, long iterations, long seed,
            Path runDirectory, TrainingRun.Listener listener);

    /** A model's score on the held-out scenes of {@code split}. */
    Score evaluate(Path checkpoint, DemoData.Split split);

    /**
     * The score on {@code split} of test-time adaptation run online over its images in order from {@code checkpoint}:
     * each image adapted on ({@code config}'s Adam steps on its prediction entropy), then predicted; no source data,
     * no labels.
     */
    Score evaluateTestTime(Path checkpoint, DemoData.Split split, TestTimeAdapter.Config config);

    /**
     * Whether the network has batch normalisation. Without it, taking the statistics from the target images (Tent
     * without steps) changes nothing, and the demo does not score it.
     */
    boolean hasBatchStatistics();

    /** Picture rows for the report: {@code target}'s held-out samples with each method's output, written under {@code folder}. */
    List<DemoReport.SampleRow> samples(Map<Method, Path> checkpoints, Target target, Path folder, int rows);
}
