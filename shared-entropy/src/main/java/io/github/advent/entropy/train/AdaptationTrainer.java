package io.github.advent.entropy.train;

import io.github.advent.entropy.ops.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.advent.entropy.EntropyLosses;
import io.github.advent.entropy.EntropyMaps;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.nn.Discriminator;
import io.github.advent.entropy.ops.DomainBce;
import io.github.advent.entropy.optim.Adam;
import io.github.advent.entropy.optim.Gradients;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.Optimizer;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.optim.PolySchedule;
import io.github.advent.entropy.optim.Sgd;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Source-only, MinEnt (+ ranking, + class prior) and AdvEnt training for any
 * {@link AdaptationTask}, one iteration at a time, in the order of ADVENT-SPEC section 5:
 *
 * <ol>
 *   <li>zero every gradient; take the poly learning rates of this iteration;
 *   <li>freeze the discriminators;
 *   <li>source forward, supervised loss, backward;
 *   <li>target forward; MinEnt: Σ λ_ent·entropy; AdvEnt: Σ λ_adv·BCE(D(I_t), source); backward
 *       (through the frozen discriminators into the network);
 *   <li>AdvEnt: unfreeze; for each discriminator, BCE(D(I_s), source)/2 then BCE(D(I_t), target)/2
 *       on detached maps, each with its own backward;
 *   <li>step the network's SGD, then each discriminator's Adam.
 * </ol>
 *
 * Every array of an iteration lives in a scoped manager closed at its end, so memory stays flat
 * over any number of iterations. A NaN or infinite loss stops the iteration before step 6.
 */
public final class AdaptationTrainer implements AutoCloseable {
    /**
     * How often an iteration whose losses or gradients come out non-finite is recomputed before the run
     * stops. libtorch 2.7.1's CPU convolution backward returns NaN now and then (AVX2 on a loaded machine:
     * 13 of 90 identical SSD steps; AVX-512 with full-width DeepLab: 2 of 9 iterations in one run;
     * shared-entropy/README.md); since the faulty pass applied no update, recomputing it is exact. A real
     * divergence repeats every time.
     */
    public static final int ENGINE_RETRIES = 3;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdaptationTrainer.class);

    /** Points inside {@link #step} at which a {@link PhaseListener} is told where the iteration is. */
    public enum Phase {
        GRADIENTS_ZEROED,
        NETWORK_BACKWARD_DONE,
        DISCRIMINATOR_BACKWARD_DONE,
        UPDATED
    }

    /** Observes an iteration's phases (tests use it to look at weights and gradients in between). */
    public interface PhaseListener {
        void reached(Phase phase);
    }

    private final AdaptationTask task;
    private final AdaptationConfig config;
    private final List<AdaptationLevel> levels;
    private final NDManager manager;
    private final ParameterStore parameters;
    private final Map<String, Block> discriminators = new LinkedHashMap<>();
    private final Optimizer networkOptimizer;
    private final Map<String, Optimizer> discriminatorOptimizers = new LinkedHashMap<>();
    private final PolySchedule networkSchedule;
    private final PolySchedule discriminatorSchedule;
    private final SplitMix64 random;
    private long iteration;
    private long recomputations;
    private PhaseListener listener = phase -> {};

    public AdaptationTrainer(AdaptationTask task, AdaptationConfig config, NDManager manager) {
        this.task = task;
        this.config = config;
        this.levels = List.copyOf(task.levels());
        this.manager = manager.newSubManager();
        this.parameters = new ParameterStore(this.manager, false);
        this.random = new SplitMix64(config.seed());
        checkLevels();
        freezeUngrouped(task.network(), task.parameterGroups());
        this.networkOptimizer = new Sgd(task.parameterGroups(), config.momentum(), config.weightDecay(), this.manager);
        this.networkSchedule = new PolySchedule(config.learningRate(), config.scheduleIterations(), config.schedulePower());
        this.discriminatorSchedule =
                new PolySchedule(config.discriminatorLearningRate(), config.scheduleIterations(), config.schedulePower());
        if (config.method() == Method.ADVENT) {
            for (int i = 0; i < levels.size(); i++) {
                AdaptationLevel level = levels.get(i);
                if (!level.discriminated()) {
                    continue;
                }
                Block d = Discriminator.create(this.manager, level.channels(), config.discriminatorBaseWidth(),
                        level.minMapSide(), SplitMix64.derived(config.seed(), 1000 + i));
                discriminators.put(level.name(), d);
                ParameterGroup group = new ParameterGroup("discriminator_" + level.name(), 1.0, namedParameters(d));
                discriminatorOptimizers.put(level.name(),
                        new Adam(List.of(group), config.adamBeta1(), config.adamBeta2(), this.manager));
            }
        }
    }

    private void checkLevels() {
        Set<String> names = new HashSet<>();
        for (AdaptationLevel level : levels) {
            if (!names.add(level.name())) {
                throw new IllegalArgumentException("two adaptation levels are named '" + level.name() + "'");
            }
            if (config.classPriorMu() > 0 && config.sourceClassDistribution().length != level.classes()) {
                throw new IllegalArgumentException("the class prior has " + config.sourceClassDistribution().length
                        + " classes, level '" + level.name() + "' has " + level.classes());
            }
        }
        if (config.method() == Method.ADVENT && levels.stream().noneMatch(AdaptationLevel::discriminated)) {
            throw new IllegalArgumentException("AdvEnt needs at least one level watched by a discriminator");
        }
    }

    /** Parameters of {@code block} in a stable order, named as in checkpoints. */
    public static List<NamedParameter> namedParameters(Block block) {
        List<NamedParameter> named = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            named.add(new NamedParameter(pair.getKey(), pair.getValue()));
        }
        return named;
    }

    private static void freezeUngrouped(Block network, List<ParameterGroup> groups) {
        Set<Parameter> trained = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ParameterGroup group : groups) {
            for (NamedParameter p : group.parameters()) {
                trained.add(p.parameter());
            }
        }
        for (Pair<String, Parameter> pair : network.getParameters()) {
            Parameter p = pair.getValue();
            if (!trained.contains(p) && p.requiresGradient()) {
                p.freeze(true);
            }
        }
    }

    public void setPhaseListener(PhaseListener listener) {
        this.listener = listener == null ? phase -> {} : listener;
    }

    /**
     * One iteration on a labelled source batch and an unlabelled target batch (ignored by
     * source-only). The trainer takes ownership of the batches' arrays and frees them.
     */
    public IterationLosses step(Batch source, Batch target) {
        GradMode.disableOnThisThread();
        double learningRate = networkSchedule.learningRate(iteration);
        double discriminatorRate = discriminatorSchedule.learningRate(iteration);
        try (NDManager scope = manager.newSubManager()) {
            source.attach(scope);
            if (target != null) {
                target.attach(scope);
            }
            RunningStatistics statistics = RunningStatistics.capture(task.network());
            IterationLosses result = null;
            for (int attempt = 0; result == null; attempt++) {
                try {
                    result = computeGradients(source, target, learningRate, discriminatorRate);
                } catch (NonFiniteLossException e) {
                    statistics.restore();
                    if (attempt >= ENGINE_RETRIES) {
                        throw e;
                    }
                    recomputations++;
                    // nothing was updated: the same iteration again from the same state is exact
                    LOG.warn("iteration {}: '{}' came out non-finite, no update applied; recomputing it (try {} of {})",
                            iteration, e.loss(), attempt + 2, ENGINE_RETRIES + 1);
                }
            }
            networkOptimizer.step(learningRate);
            for (Optimizer optimizer : discriminatorOptimizers.values()) {
                optimizer.step(discriminatorRate);
            }
            iteration++;
            listener.reached(Phase.UPDATED);
            return result;
        }
    }

    /** Zeroes the gradients, runs every forward and backward pass of the iteration, and checks the results. */
    private IterationLosses computeGradients(Batch source, Batch target, double learningRate, double discriminatorRate) {
        Map<String, NDArray> losses = new LinkedHashMap<>();
        zeroGradients();
        listener.reached(Phase.GRADIENTS_ZEROED);

        setDiscriminatorsFrozen(true);
        NDList sourceMaps = sourcePass(source, losses);
        NDList targetMaps = config.method() == Method.SOURCE_ONLY ? null : targetPass(requireTarget(target), losses);
        setDiscriminatorsFrozen(false);
        listener.reached(Phase.NETWORK_BACKWARD_DONE);

        if (config.method() == Method.ADVENT) {
            discriminatorPass(sourceMaps, targetMaps, losses);
            listener.reached(Phase.DISCRIMINATOR_BACKWARD_DONE);
        }

        IterationLosses result = read(losses, learningRate, discriminatorRate);
        result.requireFinite();
        requireFiniteGradients();
        return result;
    }

    /**
     * Finite losses can still give non-finite gradients (a faulty CPU kernel: see {@link #ENGINE_RETRIES});
     * an update with them would silently destroy the network, so the iteration stops here instead.
     */
    private void requireFiniteGradients() {
        String bad = Gradients.firstNonFinite(networkOptimizer.groups());
        for (Optimizer optimizer : discriminatorOptimizers.values()) {
            bad = bad != null ? bad : Gradients.firstNonFinite(optimizer.groups());
        }
        if (bad != null) {
            throw NonFiniteLossException.gradient(iteration, bad);
        }
    }

    private static Batch requireTarget(Batch target) {
        if (target == null) {
            throw new IllegalArgumentException("MinEnt and AdvEnt need a target batch");
        }
        return target;
    }

    /** Step 3; for AdvEnt also returns the detached self-information maps of the watched levels. */
    private NDList sourcePass(Batch source, Map<String, NDArray> losses) {
        NDList outputs;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            outputs = task.forward(parameters, source.inputs(), true);
            SupervisedLoss loss = task.supervisedLosses(outputs, source);
            collector.backward(loss.total());
            losses.put("supervised", loss.total());
            losses.putAll(loss.parts());
        }
        if (config.method() != Method.ADVENT) {
            return null;
        }
        NDList logits = task.adaptationLogits(outputs, source);
        NDList maps = new NDList();
        for (int i = 0; i < levels.size(); i++) {
            AdaptationLevel level = levels.get(i);
            if (level.discriminated()) {
                maps.add(selfInformation(logits.get(i), level).stopGradient());
            }
        }
        return maps;
    }

    /** Step 4; returns the detached self-information maps of the watched levels (AdvEnt). */
    private NDList targetPass(Batch target, Map<String, NDArray> losses) {
        NDList detachedMaps = new NDList();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList outputs = task.forward(parameters, target.inputs(), true);
            NDList logits = task.adaptationLogits(outputs, target);
            checkLogits(logits);
            NDArray total = null;
            for (int i = 0; i < levels.size(); i++) {
                AdaptationLevel level = levels.get(i);
                NDArray probabilities = EntropyMaps.groupSoftmax(logits.get(i), level.classes());
                NDArray information = EntropyMaps.selfInformation(probabilities, level.classes());
                NDArray mask = task.validMask(i, outputs, target);
                if (config.method() == Method.MINENT) {
                    NDArray term = entropyObjective(level, probabilities, information, mask, losses);
                    total = term == null ? total : total == null ? term : total.add(term);
                } else {
                    NDArray detached = information.stopGradient();
                    losses.put("entropy_" + level.name(),
                            EntropyLosses.meanEntropy(EntropyMaps.entropy(detached, level.classes()), mask));
                    if (level.discriminated()) {
                        detachedMaps.add(detached);
                        NDArray domain = discriminators.get(level.name())
                                .forward(parameters, new NDList(information), true).singletonOrThrow();
                        NDArray adversarial = DomainBce.withLogits(domain, DomainBce.SOURCE);
                        losses.put("adversarial_" + level.name(), adversarial);
                        NDArray term = Scalars.mul(adversarial, (float) level.lambdaAdversarial());
                        total = total == null ? term : total.add(term);
                    }
                }
            }
            if (total != null) {
                collector.backward(total);
            }
        }
        return detachedMaps;
    }

    /** λ_ent · (entropy or ranked entropy [+ class prior]) of one level, or null when λ_ent is 0. */
    private NDArray entropyObjective(AdaptationLevel level, NDArray probabilities, NDArray information,
            NDArray mask, Map<String, NDArray> losses) {
        NDArray entropyMap = EntropyMaps.entropy(information, level.classes());
        NDArray entropy = config.entropyRanking() > 0
                ? EntropyLosses.rankedEntropy(entropyMap, config.entropyRanking(), mask)
                : EntropyLosses.meanEntropy(entropyMap, mask);
        losses.put("entropy_" + level.name(), entropy);
        NDArray objective = entropy;
        if (config.classPriorMu() > 0) {
            NDArray prior = EntropyLosses.classPrior(
                    probabilities, level.classes(), config.sourceClassDistribution(), config.classPriorMu());
            losses.put("class_prior_" + level.name(), prior);
            objective = objective.add(prior);
        }
        return level.lambdaEntropy() == 0 ? null : Scalars.mul(objective, (float) level.lambdaEntropy());
    }

    /** Step 5. */
    private void discriminatorPass(NDList sourceMaps, NDList targetMaps, Map<String, NDArray> losses) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            int watched = 0;
            for (AdaptationLevel level : levels) {
                if (!level.discriminated()) {
                    continue;
                }
                Block d = discriminators.get(level.name());
                NDArray onSource = DomainBce.withLogits(
                        d.forward(parameters, new NDList(sourceMaps.get(watched)), true).singletonOrThrow(),
                        DomainBce.SOURCE);
                collector.backward(Scalars.div(onSource, 2f));
                NDArray onTarget = DomainBce.withLogits(
                        d.forward(parameters, new NDList(targetMaps.get(watched)), true).singletonOrThrow(),
                        DomainBce.TARGET);
                collector.backward(Scalars.div(onTarget, 2f));
                losses.put("d_" + level.name() + "_source", onSource);
                losses.put("d_" + level.name() + "_target", onTarget);
                watched++;
            }
        }
    }

    private NDArray selfInformation(NDArray logits, AdaptationLevel level) {
        return EntropyMaps.selfInformation(EntropyMaps.groupSoftmax(logits, level.classes()), level.classes());
    }

    private void checkLogits(NDList logits) {
        if (logits.size() != levels.size()) {
            throw new IllegalStateException("the task returned " + logits.size() + " logit maps for " + levels.size() + " levels");
        }
        for (int i = 0; i < levels.size(); i++) {
            long channels = logits.get(i).getShape().get(1);
            if (channels != levels.get(i).channels()) {
                throw new IllegalStateException("level '" + levels.get(i).name() + "' expects " + levels.get(i).channels()
                        + " channels, the task gave " + channels);
            }
        }
    }

    private IterationLosses read(Map<String, NDArray> losses, double learningRate, double discriminatorRate) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : losses.entrySet()) {
            values.put(entry.getKey(), (double) entry.getValue().getFloat());
        }
        return new IterationLosses(iteration, learningRate, discriminatorRate, values);
    }

    private void zeroGradients() {
        networkOptimizer.zeroGradients();
        for (Optimizer optimizer : discriminatorOptimizers.values()) {
            optimizer.zeroGradients();
        }
    }

    private void setDiscriminatorsFrozen(boolean frozen) {
        for (Block d : discriminators.values()) {
            d.freezeParameters(frozen);
        }
    }

    public AdaptationTask task() {
        return task;
    }

    public AdaptationConfig config() {
        return config;
    }

    public List<AdaptationLevel> levels() {
        return levels;
    }

    /** The discriminators by level name (empty unless AdvEnt). */
    public Map<String, Block> discriminators() {
        return Collections.unmodifiableMap(discriminators);
    }

    public Optimizer networkOptimizer() {
        return networkOptimizer;
    }

    public Map<String, Optimizer> discriminatorOptimizers() {
        return Collections.unmodifiableMap(discriminatorOptimizers);
    }

    /** Iterations completed; the next {@link #step} uses this index for its learning rates. */
    public long iteration() {
        return iteration;
    }

    /** Passes of this trainer that came out non-finite and were recomputed (see {@link #ENGINE_RETRIES}). */
    public long recomputations() {
        return recomputations;
    }

    /** Continues a restored run: the next step is {@code iteration}, the generator resumes from {@code randomState}. */
    void resumeAt(long nextIteration, long randomState) {
        this.iteration = nextIteration;
        this.random.setState(randomState);
    }

    /** The run's seeded generator (data order, augmentation); its state is part of a checkpoint. */
    public SplitMix64 random() {
        return random;
    }

    /** The device the network, the discriminators and every iteration's arrays live on. */
    public ai.djl.Device device() {
        return manager.getDevice();
    }

    public ParameterStore parameterStore() {
        return parameters;
    }

    @Override
    public void close() {
        networkOptimizer.close();
        discriminatorOptimizers.values().forEach(Optimizer::close);
        manager.close();
    }
}
