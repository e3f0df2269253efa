package io.github.advent.entropy.testing;

import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.train.AdaptationConfig;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import java.nio.file.Path;

/** A long toy training run in its own JVM, for the test that stops it with a signal. */
public final class ToyTrainingMain {
    private ToyTrainingMain() {}

    public static void main(String[] args) throws InterruptedException {
        GradMode.disableOnThisThread();
        Path run = Path.of(args[0]);
        try (NDManager manager = NDManager.newBaseManager()) {
            ToySegmentationTask task = new ToySegmentationTask(manager, 1, 16, 0.5, 0.01);
            AdaptationConfig config = AdaptationConfig.defaults(Method.MINENT).withLearningRates(0.01, 1e-3)
                    .withSchedule(100_000, 0.9);
            try (AdaptationTrainer trainer = new AdaptationTrainer(task, config, manager)) {
                TrainingRun.Options options = new TrainingRun.Options(run, 100_000, 1_000, false, "toy");
                TrainingRun.prepare(trainer, options);
                TrainingRun.Result result = TrainingRun.run(trainer, ToyBatches.factory(2, 16), options,
                        new TrainingRun.Listener() {
                            @Override
                            public void iterationDone(IterationLosses losses, double seconds) {
                                System.out.println("done " + (losses.iteration() + 1));
                                System.out.flush();
                            }
                        });
                System.out.println("stopped " + result.iterationsDone() + " " + result.interrupted());
            }
        }
    }
}
