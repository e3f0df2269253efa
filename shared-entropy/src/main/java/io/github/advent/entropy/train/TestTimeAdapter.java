package io.github.advent.entropy.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.advent.entropy.EntropyMaps;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.optim.Adam;
import io.github.advent.entropy.optim.Gradients;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Test-time entropy minimisation (Tent: Wang et al., ICLR 2021) for any {@link AdaptationTask}: source-free
 * and online. For each batch of target inputs it takes {@link Config#steps} Adam steps on the mean normalised
 * entropy of the task's predictions (every position of every {@linkplain AdaptationTask#isPrediction
 * prediction level} that its {@linkplain AdaptationTask#validMask valid mask} keeps: pixels for segmentation,
 * default boxes for detection), then predicts the batch with the updated model.
 *
 * <p>Only the task's {@linkplain AdaptationTask#normalisationParameters() normalisation parameters} change;
 * every other parameter is frozen for the adapter's lifetime. Batch norm normalises with the batch's own
 * statistics in every forward (Tent's setting) and the running statistics are restored after each, so they
 * stay bit-identical too. With {@link Config#episodic} the parameters and Adam's moments are reset to their
 * values at construction before every batch. A pass whose entropy or gradients come out non-finite is
 * recomputed from the same state ({@link AdaptationTrainer#ENGINE_RETRIES}: libtorch's CPU convolution
 * backward fault) and, if it stays non-finite, stops the run with nothing updated; predictions that come out
 * non-finite after the steps (a diverged model) stop it too.
 */
public final class TestTimeAdapter implements AutoCloseable {
    /** Tent's optimiser: Adam with betas (0.9, 0.999), no weight decay (the reference code's defaults). */
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;

    /**
     * @param steps Adam steps per batch before its prediction (Tent: 1; 0 = batch statistics only)
     * @param learningRate Adam's rate (Tent: 1e-3)
     * @param episodic reset to the initial model before every batch
     */
    public record Config(int steps, double learningRate, boolean episodic) {
        public static final Config TENT = new Config(1, 1e-3, false);

        public Config {
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
            }
        }
    }

    /**
     * One adapted batch.
     *
     * @param outputs the updated model's outputs for the batch (in the inputs' manager)
     * @param entropyBefore mean prediction entropy of the batch before its first step (NaN when steps = 0)
     * @param entropyAfter mean prediction entropy of the returned outputs
     */
    public record Result(NDList outputs, double entropyBefore, double entropyAfter) {}

    private final AdaptationTask task;
    private final Config config;
    private final NDManager manager;
    private final ParameterStore parameters;
    private final List<NamedParameter> adapted;
    private final List<float[]> initial;
    private final RunningStatistics statistics;
    private Adam optimizer;
    private long batches;
    private long recomputations;

    /** Freezes every parameter of the task's network except its normalisation parameters. */
    public TestTimeAdapter(AdaptationTask task, Config config, NDManager manager) {
        this.task = task;
        this.config = config;
        this.manager = manager.newSubManager();
        this.parameters = new ParameterStore(this.manager, false);
        this.adapted = List.copyOf(task.normalisationParameters());
        if (adapted.isEmpty() && config.steps() > 0) {
            throw new IllegalArgumentException(task.architecture() + " has no normalisation parameters to adapt");
        }
        freezeAllBut(task, adapted);
        this.initial = adapted.stream().map(p -> p.parameter().getArray().toFloatArray()).toList();
        this.statistics = RunningStatistics.capture(task.network());
        this.optimizer = newOptimizer();
    }

    private static void freezeAllBut(AdaptationTask task, List<NamedParameter> adapted) {
        Set<Parameter> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        adapted.forEach(p -> kept.add(p.parameter()));
        for (Pair<String, Parameter> pair : task.network().getParameters()) {
            Parameter p = pair.getValue();
            if (kept.contains(p)) {
                p.freeze(false);
            } else if (p.requiresGradient()) {
                p.freeze(true);
            }
        }
    }

    private Adam newOptimizer() {
        return new Adam(List.of(new ParameterGroup("normalisation", 1, adapted)), ADAM_BETA1, ADAM_BETA2, manager);
    }

    /** Adapts on {@code inputs} (a batch of target network inputs), then predicts it with the updated model. */
    public Result adapt(NDList inputs) {
        GradMode.disableOnThisThread();
        if (config.episodic()) {
            reset();
        }
        double before = Double.NaN;
        for (int step = 0; step < config.steps(); step++) {
            double entropy = step(inputs);
            before = step == 0 ? entropy : before;
        }
        NDList outputs = task.forward(parameters, inputs, true);
        statistics.restore();
        double after = predictionEntropy(outputs, inputs).getFloat();
        if (!Double.isFinite(after)) {
            throw config.steps() == 0 ? NonFiniteLossException.testTime(batches, after)
                    : NonFiniteLossException.testTimeDiverged(batches, after);
        }
        batches++;
        return new Result(outputs, before, after);
    }

    /** One Adam step on the batch's prediction entropy; returns that entropy (before the step). */
    private double step(NDList inputs) {
        for (int attempt = 0; ; attempt++) {
            double entropy;
            boolean finite;
            optimizer.zeroGradients();
            try (NDManager scope = inputs.head().getManager().newSubManager()) {
                inputs.tempAttach(scope);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = predictionEntropy(task.forward(parameters, inputs, true), inputs);
                    collector.backward(loss);
                    entropy = loss.getFloat();
                }
            } finally {
                statistics.restore();
            }
            finite = Double.isFinite(entropy) && Gradients.firstNonFinite(optimizer.groups()) == null;
            if (finite) {
                optimizer.step(config.learningRate());
                return entropy;
            }
            if (attempt >= AdaptationTrainer.ENGINE_RETRIES) {
                throw NonFiniteLossException.testTime(batches, entropy);
            }
            recomputations++;
        }
    }

    /** Σ entropy / Σ counted positions over the prediction levels: every counted pixel or box weighs the same. */
    private NDArray predictionEntropy(NDList outputs, NDList inputs) {
        Batch batch = Batch.unlabelled(inputs);
        NDList logits = task.adaptationLogits(outputs, batch);
        List<AdaptationLevel> levels = task.levels();
        NDArray sum = null;
        double count = 0;
        for (int i = 0; i < levels.size(); i++) {
            AdaptationLevel level = levels.get(i);
            if (!task.isPrediction(level)) {
                continue;
            }
            NDArray entropy = EntropyMaps.entropy(
                    EntropyMaps.selfInformation(EntropyMaps.groupSoftmax(logits.get(i), level.classes()), level.classes()),
                    level.classes());
            NDArray mask = task.validMask(i, outputs, batch);
            NDArray counted = entropy;
            if (mask == null) {
                count += entropy.size();
            } else {
                NDArray full = mask.toType(entropy.getDataType(), false).broadcast(entropy.getShape());
                counted = entropy.mul(full);
                count += full.sum().getFloat();
            }
            NDArray levelSum = counted.sum();
            sum = sum == null ? levelSum : sum.add(levelSum);
        }
        if (sum == null) {
            throw new IllegalStateException(task.architecture() + " names no prediction level");
        }
        return sum.div((float) Math.max(count, 1));
    }

    /** Back to the model and optimiser state at construction. */
    public void reset() {
        for (int i = 0; i < adapted.size(); i++) {
            Assign.values(adapted.get(i).parameter().getArray(), initial.get(i));
        }
        optimizer.close();
        optimizer = newOptimizer();
    }

    /** The parameters this adapter updates. */
    public List<NamedParameter> adaptedParameters() {
        return adapted;
    }

    public AdaptationTask task() {
        return task;
    }

    public Config config() {
        return config;
    }

    /** Batches adapted so far. */
    public long batches() {
        return batches;
    }

    /** Passes recomputed after a non-finite result (see {@link AdaptationTrainer#ENGINE_RETRIES}). */
    public long recomputations() {
        return recomputations;
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
