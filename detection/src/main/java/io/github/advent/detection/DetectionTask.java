package io.github.advent.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.advent.detection.box.DefaultBoxes;
import io.github.advent.detection.box.FeatureMapSpec;
import io.github.advent.detection.box.GroundTruth;
import io.github.advent.detection.box.MultiBoxLoss;
import io.github.advent.detection.box.PriorMatching;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.AdaptationTask;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.SupervisedLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SSD-300 detection as an adaptation task (ADVENT-SPEC section 9): entropy is taken over each default box's
 * class distribution.
 *
 * <p><b>Levels</b>: one per source map, named {@code conv4_3, conv7, conv8_2, conv9_2, conv10_2, conv11_2}, with
 * K = the class count (background included) and G = the default boxes per cell (4, 6, 6, 6, 4, 4); the logit
 * maps are the network's confidence heads as they come out of the convolutions ({@code N x (G·K) x H x W}).
 *
 * <p><b>λ_ent</b>: every default box's entropy enters MinEnt with the same weight, as every pixel does in
 * ADVENT's segmentation: level l gets {@code λ_ent · boxes_l / 8732}, so the sum of the levels' mean entropies
 * is {@code λ_ent} times the mean over all 8,732 boxes (conv4_3 carries 66 % of it, conv11_2 0.05 %).
 * λ_ent = 0.001, ADVENT's segmentation value (the detection code was never released).
 *
 * <p><b>λ_adv</b> = 0.001 (ADVENT's main-head value) on each discriminated level. Discriminators watch the
 * maps large enough for a convolutional discriminator, conv4_3 (38x38) and conv7 (19x19), by default; any set
 * of level names may be chosen. Levels without a discriminator still report their entropy under AdvEnt.
 *
 * <p><b>Supervised loss</b>: {@link MultiBoxLoss} after {@link PriorMatching} (in Java, on the CPU, per image).
 * Labels: see {@link DetectionLabels}; inputs {@code N x 3 x 300 x 300} as the network's convention pre-processes
 * them, matched against the convention's default boxes ({@link io.github.advent.detection.model.SsdConvention}).
 */
public final class DetectionTask implements AdaptationTask {
    /** The metrics.csv columns of the MultiBox loss's terms, L_loc / N and L_conf / N (their sum is "supervised"). */
    public static final String LOCATION_COLUMN = "supervised_location";
    public static final String CONFIDENCE_COLUMN = "supervised_confidence";
    /** The maps watched by a discriminator unless told otherwise. */
    public static final Set<String> DEFAULT_DISCRIMINATED = Set.of("conv4_3", "conv7");

    /**
     * The total entropy weight (spread over the levels by their share of default boxes) and the adversarial
     * weight of each discriminated level.
     */
    public record Lambdas(double entropy, double adversarial) {
        public static final Lambdas ADVENT = new Lambdas(0.001, 0.001);
    }

    /**
     * How the default boxes' entropies are averaged in MinEnt's loss and in the logged entropies (AdvEnt's
     * discriminators always see the plain self-information maps).
     */
    public enum EntropyWeighting {
        /** ADVENT's form: every default box alike. */
        UNIFORM,
        /**
         * Each box weighted by its foreground probability {@code 1 − P(background)} (not differentiated), the weighted
         * mean over each map: most default boxes are confident background, and the plain mean spends MinEnt's weight on
         * making them more so, and on pushing uncertain object boxes to background.
         */
        FOREGROUND
    }

    private final Ssd300 network;
    private final DefaultBoxes priors;
    private final List<AdaptationLevel> levels;
    private final EntropyWeighting weighting;

    /** ADVENT's lambdas, discriminators on conv4_3 and conv7. */
    public DetectionTask(Ssd300 network) {
        this(network, Lambdas.ADVENT, DEFAULT_DISCRIMINATED);
    }

    /** ADVENT's plain entropy ({@link EntropyWeighting#UNIFORM}). */
    public DetectionTask(Ssd300 network, Lambdas lambdas, Set<String> discriminated) {
        this(network, lambdas, discriminated, EntropyWeighting.UNIFORM);
    }

    /**
     * @param discriminated names of the levels a discriminator watches under AdvEnt
     * @throws IllegalArgumentException for a name that is not a level
     */
    public DetectionTask(Ssd300 network, Lambdas lambdas, Set<String> discriminated, EntropyWeighting weighting) {
        this.network = network;
        this.weighting = weighting;
        this.priors = network.config().convention().priors();
        List<FeatureMapSpec> maps = network.config().featureMaps();
        Set<String> names = new LinkedHashSet<>();
        maps.forEach(m -> names.add(m.name()));
        for (String name : discriminated) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown detection level '" + name + "'; known: " + names);
            }
        }
        int total = maps.stream().mapToInt(FeatureMapSpec::boxes).sum();
        List<AdaptationLevel> list = new ArrayList<>();
        for (FeatureMapSpec map : maps) {
            double entropy = lambdas.entropy() * map.boxes() / total;
            list.add(new AdaptationLevel(map.name(), network.config().numClasses(), map.boxesPerCell(), entropy,
                    lambdas.adversarial(), discriminated.contains(map.name()), map.size()));
        }
        this.levels = List.copyOf(list);
    }

    public Ssd300 ssd() {
        return network;
    }

    @Override
    public String architecture() {
        return network.config().architecture();
    }

    @Override
    public int numClasses() {
        return network.config().numClasses();
    }

    @Override
    public Block network() {
        return network;
    }

    @Override
    public List<ParameterGroup> parameterGroups() {
        return network.parameterGroups();
    }

    /** Tent: L2Norm's scale, SSD's only normalisation layer (VGG-16 SSD-300 has no batch norm). */
    @Override
    public List<NamedParameter> normalisationParameters() {
        return List.of(network.l2NormScale());
    }

    @Override
    public List<AdaptationLevel> levels() {
        return levels;
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, boolean training) {
        return network.forward(parameters, inputs, training);
    }

    @Override
    public NDArray supervisedLoss(NDList outputs, Batch batch) {
        return multiBoxLoss(outputs, batch).total();
    }

    /** The MultiBox loss, logged with its two terms: {@value #LOCATION_COLUMN} and {@value #CONFIDENCE_COLUMN}. */
    @Override
    public SupervisedLoss supervisedLosses(NDList outputs, Batch batch) {
        MultiBoxLoss.Loss loss = multiBoxLoss(outputs, batch);
        Map<String, NDArray> parts = new LinkedHashMap<>();
        parts.put(LOCATION_COLUMN, loss.location());
        parts.put(CONFIDENCE_COLUMN, loss.confidence());
        return new SupervisedLoss(loss.total(), parts);
    }

    /** The supervised loss with its parts (location, confidence, positive and mined negative counts). */
    public MultiBoxLoss.Loss multiBoxLoss(NDList outputs, Batch batch) {
        List<GroundTruth> truths = DetectionLabels.read(batch.labels(), numClasses());
        long images = outputs.get(0).getShape().get(0);
        if (truths.size() != images) {
            throw new IllegalArgumentException("labels for " + truths.size() + " images, the batch has " + images);
        }
        List<PriorMatching.Targets> targets = truths.stream().map(t -> PriorMatching.match(t, priors)).toList();
        return MultiBoxLoss.compute(network.flattenConfidences(outputs), Ssd300.flattenLocations(outputs), targets);
    }

    @Override
    public NDList adaptationLogits(NDList outputs, Batch batch) {
        return Ssd300.confidences(outputs);
    }

    /** {@link EntropyWeighting#FOREGROUND}: each box's foreground probability, {@code N x G x H x W}; else none. */
    @Override
    public NDArray validMask(int level, NDList outputs, Batch batch) {
        if (weighting == EntropyWeighting.UNIFORM) {
            return null;
        }
        NDArray logits = Ssd300.confidences(outputs).get(level).stopGradient();
        Shape shape = logits.getShape();
        int classes = numClasses();
        NDArray background = logits.reshape(shape.get(0), shape.get(1) / classes, classes, shape.get(2), shape.get(3))
                .softmax(2).get(":, :, 0");
        return Scalars.add(background.neg(), 1f);
    }
}
