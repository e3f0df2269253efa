package io.github.advent.tools.demo;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.entropy.train.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One task of the demo (segmentation, detection): how to train, score and show its models. */
interface DemoTask {
    /** A model's score on held-out scenes: the mean and each class's (fractions). */
    record Score(double mean, double[] perClass) {}

    String name();

    /** What the score is, e.g. "mIoU". */
    String metric();

    List<String> classes();

    long pretrainIterations();

    long adaptIterations();

    /**
     * Trains {@code method} for {@code iterations} from {@code init} (null: from scratch) with the
     * labels of {@code labelled} (the source; the labelled target for the oracle); the final snapshot.
     */
    Path train(Method method, DemoData.Split labelled, Path init, long iterations, long seed, Path runDirectory,
            TrainingRun.Listener listener);

    /** A model's score on the held-out scenes of {@code split}. */
    Score evaluate(Path checkpoint, DemoData.Split split);

    /**
     * The score on {@code split} of test-time adaptation run online over its images in order from {@code checkpoint}:
     * each image adapted on ({@code config}'s Adam steps on its prediction entropy), then predicted; no source data,
     * no labels.
     */
    Score evaluateTestTime(Path checkpoint, DemoData.Split split, TestTimeAdapter.Config config);

    /** Picture rows for the report: target samples with each method's output, written under {@code folder}. */
    List<DemoReport.SampleRow> samples(Map<Method, Path> checkpoints, Path folder, int rows);
}
