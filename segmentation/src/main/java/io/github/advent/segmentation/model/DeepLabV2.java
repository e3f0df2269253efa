package io.github.advent.segmentation.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.ops.PointwiseConvolution;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.ops.Scoped;
import io.github.advent.entropy.ops.TapConvolution;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.nn.SeededNetwork;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * DeepLab-V2 with a ResNet backbone and two ASPP-style classifier heads, as ADVENT trains it
 * (ADVENT-SPEC section 2).
 *
 * <ul>
 *   <li>stem: conv 7x7 / 2, padding 3, no bias; BN; ReLU; max-pool 3x3 / 2, padding 1, ceil mode;
 *   <li>four stages of bottlenecks (expansion 4): layer1 64 planes, stride 1; layer2 128, stride 2;
 *       layer3 256, stride 1, dilation 2; layer4 512, stride 1, dilation 4 (output stride 8). The stride
 *       sits on each stage's first 1x1 convolution; the 3x3's padding equals its dilation; BN after
 *       every convolution; ReLU after bn1, bn2 and the residual sum; no convolution bias. Every stage's
 *       first block has a projection shortcut ({@code downsample}: 1x1 conv with the stride + BN);
 *   <li>heads: {@code layer5} on layer3's output (auxiliary) and {@code layer6} on layer4's output (main),
 *       each the <em>sum</em> of four 3x3 convolutions with bias, dilation = padding in {6, 12, 18, 24}.
 * </ul>
 *
 * <p><b>Output order:</b> {@link #forward} returns {@code NDList(main, aux)}: index {@link #MAIN} is
 * {@code layer6}'s logits, index {@link #AUX} is {@code layer5}'s, both N x C x h x w at output stride 8
 * (1024x512 → 129x65, 1280x720 → 161x91). ADVENT's Python returns them the other way round.
 *
 * <p><b>Parameters</b> are the block's direct parameters, named with PyTorch's state-dict keys
 * ({@code conv1.weight}, {@code layer3.0.downsample.1.running_var}, {@code layer6.conv2d_list.3.bias}) in
 * PyTorch's order, so {@link #getParameters()} (and thus checkpoints and optimiser state) use those names.
 * PyTorch's {@code num_batches_tracked} has no counterpart. Shapes are known at construction: a model that
 * is never {@linkplain #initialize initialised} allocates nothing and can still list its keys and shapes.
 *
 * <p><b>Batch norm</b>: gamma and beta exist (1 and 0 after {@link #initializeWeights}, or imported) but are
 * never trained: they do not require gradients, belong to no {@linkplain #parameterGroups() group}, and
 * {@link #freezeParameters(boolean)} never unfreezes them. In training mode BN normalises with the batch's
 * statistics and updates the running ones as PyTorch does (momentum 0.1: running = 0.9·running + 0.1·batch,
 * unbiased batch variance; eps 1e-5). DJL states momentum the other way round, so {@link #DJL_BN_MOMENTUM}
 * is 0.9. With {@link #setBatchNormStatisticsFrozen(boolean) frozen statistics} BN always uses, and never
 * updates, the running statistics.
 *
 * <p><b>Initialisation</b> ({@link #initializeWeights}, run when {@link #initialize} allocates): every convolution weight ~ N(0, 0.01); the heads'
 * biases keep PyTorch's default {@code nn.Conv2d} init, U(−1/√fan_in, 1/√fan_in) (ADVENT's code sets only the
 * weights), fan_in = in_channels · 9; BN gamma 1, beta 0, running mean 0, running variance 1. All values are
 * drawn from the given {@link SplitMix64} in state-dict order, so a seed gives the same network everywhere.
 */
public final class DeepLabV2 extends SeededNetwork {
    public static final int EXPANSION = 4;
    /** Index of the main head's ({@code layer6}) logits in the forward output. */
    public static final int MAIN = 0;
    /** Index of the auxiliary head's ({@code layer5}) logits in the forward output. */
    public static final int AUX = 1;
    /** The output stride of both heads. */
    public static final int OUTPUT_STRIDE = 8;
    public static final float BN_EPSILON = 1e-5f;
    /** PyTorch's BN momentum 0.1 in DJL's convention (running = m · running + (1 − m) · batch). */
    public static final float DJL_BN_MOMENTUM = 0.9f;
    /** Standard deviation of the N(0, σ) convolution-weight init. */
    public static final double INIT_STD = 0.01;
    /** Learning-rate multiplier of the heads' group. */
    public static final double HEAD_LR_MULTIPLIER = 10;
    /** The seed of the init generator when none is given (ADVENT's seed). */
    public static final long DEFAULT_INIT_SEED = 1234;
    private static final int[] HEAD_DILATIONS = {6, 12, 18, 24};
    private static final Shape ONE = new Shape(1, 1);

    private final DeepLabConfig config;
    private final Conv stem;
    private final Norm stemNorm;
    private final List<List<Bottleneck>> stages = new ArrayList<>();
    private final Head auxHead;
    private final Head mainHead;
    private final Set<Parameter> trainable = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private volatile boolean batchNormStatisticsFrozen;

    /**
     * An unallocated network of {@code config}'s shape whose {@link #initialize initialisation} will draw from a
     * generator seeded with {@link #DEFAULT_INIT_SEED}.
     */
    public DeepLabV2(DeepLabConfig config) {
        this(config, new SplitMix64(DEFAULT_INIT_SEED));
    }

    /**
     * An unallocated network of {@code config}'s shape (no arrays yet: keys and shapes are known). The first
     * {@link #initialize} (explicit, or DJL's on a first training forward) allocates the arrays and runs
     * {@link #initializeWeights} with {@code initRandom}.
     */
    public DeepLabV2(DeepLabConfig config, SplitMix64 initRandom) {
        super(initRandom);
        this.config = config;
        int base = config.stemWidth();
        stem = conv("conv1", base, 3, 7, 2, 3, 1, false);
        stemNorm = norm("bn1", base);
        int inplanes = base;
        int[] strides = {1, 2, 1, 1};
        int[] dilations = {1, 1, 2, 4};
        for (int s = 0; s < 4; s++) {
            int planes = base << s;
            List<Bottleneck> blocks = new ArrayList<>();
            for (int i = 0; i < config.depth().blocks(s); i++) {
                String key = "layer" + (s + 1) + "." + i;
                int stride = i == 0 ? strides[s] : 1;
                int dilation = dilations[s];
                Conv c1 = conv(key + ".conv1", planes, inplanes, 1, stride, 0, 1, false);
                Norm n1 = norm(key + ".bn1", planes);
                Conv c2 = conv(key + ".conv2", planes, planes, 3, 1, dilation, dilation, false);
                Norm n2 = norm(key + ".bn2", planes);
                Conv c3 = conv(key + ".conv3", planes * EXPANSION, planes, 1, 1, 0, 1, false);
                Norm n3 = norm(key + ".bn3", planes * EXPANSION);
                Conv dc = null;
                Norm dn = null;
                if (i == 0) { // channels change in every stage's first block (and layer2's stride)
                    dc = conv(key + ".downsample.0", planes * EXPANSION, inplanes, 1, stride, 0, 1, false);
                    dn = norm(key + ".downsample.1", planes * EXPANSION);
                }
                blocks.add(new Bottleneck(c1, n1, c2, n2, c3, n3, dc, dn));
                inplanes = planes * EXPANSION;
            }
            stages.add(List.copyOf(blocks));
        }
        auxHead = head("layer5", config.auxChannels());
        mainHead = head("layer6", config.mainChannels());
    }

    /** A network of {@code config}'s shape, allocated in {@code manager} and {@linkplain #initializeWeights initialised}. */
    public static DeepLabV2 create(NDManager manager, DeepLabConfig config, SplitMix64 random) {
        DeepLabV2 network = new DeepLabV2(config, random);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 512, 1024));
        return network;
    }

    public DeepLabConfig config() {
        return config;
    }

    /**
     * The learning-rate groups: {@code backbone} (conv1, layer1..4 convolutions) at 1x and {@code heads}
     * (layer5, layer6 weights and biases) at {@link #HEAD_LR_MULTIPLIER}x. BN parameters and statistics are
     * in neither. Names are the state-dict keys.
     */
    public List<ParameterGroup> parameterGroups() {
        List<NamedParameter> backbone = new ArrayList<>();
        List<NamedParameter> heads = new ArrayList<>();
        parameters.forEach((key, parameter) -> {
            if (trainable.contains(parameter)) {
                (isHeadKey(key) ? heads : backbone).add(new NamedParameter(key, parameter));
            }
        });
        return List.of(new ParameterGroup("backbone", 1, backbone), new ParameterGroup("heads", HEAD_LR_MULTIPLIER, heads));
    }

    /** Whether {@code key} is one of the convolution weights and head biases that the optimiser trains. */
    public boolean isTrainable(String key) {
        Parameter p = parameters.get(key);
        return p != null && trainable.contains(p);
    }

    static boolean isHeadKey(String key) {
        return key.startsWith("layer5.") || key.startsWith("layer6.");
    }

    /**
     * Freezes or unfreezes the trainable parameters only (convolution weights, head biases). BN affine
     * parameters and statistics stay frozen whatever is asked.
     */
    @Override
    public void freezeParameters(boolean freeze) {
        freezeParameters(freeze, p -> true);
    }

    @Override
    public void freezeParameters(boolean freeze, Predicate<Parameter> predicate) {
        for (Parameter p : parameters.values()) {
            if (trainable.contains(p) && predicate.test(p)) {
                p.freeze(freeze);
            }
        }
    }

    /** With {@code true}, BN always normalises with, and never updates, its running statistics (also in training). */
    public void setBatchNormStatisticsFrozen(boolean frozen) {
        this.batchNormStatisticsFrozen = frozen;
    }

    public boolean isBatchNormStatisticsFrozen() {
        return batchNormStatisticsFrozen;
    }

    /** (Re)initialises every array as the class documentation says, drawing from {@code random}. */
    @Override
    public void initializeWeights(SplitMix64 random) {
        GradMode.noGrad(() -> parameters.forEach((key, p) -> {
            NDArray array = p.getArray();
            if (key.endsWith(".weight") && array.getShape().dimension() == 4) {
                Assign.values(array, normal(array.size(), INIT_STD, random));
            } else if (key.endsWith(".bias") && isHeadKey(key)) {
                double fanIn = (key.startsWith("layer5.") ? config.auxChannels() : config.mainChannels()) * 9.0;
                Assign.values(array, uniform(array.size(), 1 / Math.sqrt(fanIn), random));
            } else if (key.endsWith(".weight") || key.endsWith(".running_var")) {
                Assign.values(array, filled(array.size(), 1f));
            } else {
                Assign.values(array, filled(array.size(), 0f));
            }
        }));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray[] heads = run(ps, inputs.head(), training, true);
        return new NDList(heads[MAIN], heads[AUX]);
    }

    /**
     * The main head's logits alone (what prediction and evaluation use), without computing the auxiliary head: the
     * same values as {@code forward(...).get(MAIN)}.
     */
    public NDArray mainLogits(ParameterStore ps, NDArray x, boolean training) {
        return run(ps, x, training, false)[MAIN];
    }

    /**
     * The forward pass. Every intermediate array is closed as soon as the next layer has consumed it (autograd keeps
     * what backward needs on its own), so that at most a block's input, its running output and the shortcut are alive
     * at a time: at 1024x512 that is what keeps inference within its memory budget.
     */
    private NDArray[] run(ParameterStore ps, NDArray x, boolean training, boolean withAux) {
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != 3) {
            throw new IllegalArgumentException("DeepLab-V2 expects N x 3 x H x W input, got " + x.getShape());
        }
        boolean batchStatistics = training && !batchNormStatisticsFrozen;
        Device device = x.getDevice();
        NDArray input = x;
        x = Scoped.advance(x, input, in -> Pool.maxPool2d(
                relu(convNorm(ps, stem, stemNorm, in, device, training, batchStatistics)),
                new Shape(3, 3), new Shape(2, 2), ONE, true));
        for (int s = 0; s < 3; s++) {
            for (Bottleneck b : stages.get(s)) {
                x = Scoped.advance(x, input, in -> b.apply(ps, in, device, training, batchStatistics));
            }
        }
        NDArray aux = withAux ? Scoped.apply(x, in -> auxHead.apply(ps, in, device, training)) : null;
        for (Bottleneck b : stages.get(3)) {
            x = Scoped.advance(x, input, in -> b.apply(ps, in, device, training, batchStatistics));
        }
        NDArray main = Scoped.advance(x, input, in -> mainHead.apply(ps, in, device, training));
        NDArray[] heads = new NDArray[2];
        heads[MAIN] = main;
        heads[AUX] = aux;
        return heads;
    }

    /** Shapes of {@code (main, aux)} for an N x 3 x H x W input. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), config.numClasses(), DeepLabConfig.outputSide(Math.toIntExact(in.get(2))),
                DeepLabConfig.outputSide(Math.toIntExact(in.get(3))));
        return new Shape[] {out, out};
    }

    @Override
    public String toString() {
        return "DeepLabV2[" + config.architecture() + ", " + config.numClasses() + " classes]";
    }

    // ---- construction helpers ----

    private Conv conv(String key, int out, int in, int kernel, int stride, int padding, int dilation, boolean bias) {
        Parameter weight = addParameter(Parameter.builder().setName(key + ".weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).optInitializer(Initializer.ZEROS).build());
        trainable.add(weight);
        Parameter b = null;
        if (bias) {
            b = addParameter(Parameter.builder().setName(key + ".bias").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(out)).optInitializer(Initializer.ZEROS).build());
            trainable.add(b);
        }
        return new Conv(weight, b, kernel, stride, padding, dilation);
    }

    private Norm norm(String key, int channels) {
        return new Norm(
                fixed(key + ".weight", Parameter.Type.GAMMA, Initializer.ONES, channels),
                fixed(key + ".bias", Parameter.Type.BETA, Initializer.ZEROS, channels),
                fixed(key + ".running_mean", Parameter.Type.RUNNING_MEAN, Initializer.ZEROS, channels),
                fixed(key + ".running_var", Parameter.Type.RUNNING_VAR, Initializer.ONES, channels));
    }

    private Parameter fixed(String name, Parameter.Type type, Initializer init, int channels) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(channels))
                .optInitializer(init).optRequiresGrad(false).build());
    }

    private Head head(String key, int in) {
        List<Conv> convs = new ArrayList<>();
        for (int i = 0; i < HEAD_DILATIONS.length; i++) {
            int d = HEAD_DILATIONS[i];
            convs.add(conv(key + ".conv2d_list." + i, config.numClasses(), in, 3, 1, d, d, true));
        }
        return new Head(List.copyOf(convs));
    }

    // ---- numeric helpers ----

    private static float[] normal(long size, double std, SplitMix64 random) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    private static float[] uniform(long size, double bound, SplitMix64 random) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return values;
    }

    private static float[] filled(long size, float value) {
        float[] values = new float[Math.toIntExact(size)];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /**
     * {@code norm(conv(x))}. When nothing needs the graph (autograd off) and batch norm uses its running statistics,
     * the norm is folded into the convolution, {@code W·γ/√(var+ε)} with bias {@code β − mean·γ/√(var+ε)}: one
     * pass and one activation less per layer (inference); the same values within float rounding.
     */
    private static NDArray convNorm(ParameterStore ps, Conv conv, Norm norm, NDArray x, Device device, boolean training,
            boolean batchStatistics) {
        if (batchStatistics || GradMode.isEnabled()) {
            return consume(conv.apply(ps, x, device, training), a -> norm.apply(ps, a, device, training, batchStatistics));
        }
        return conv.applyFolded(ps, x, device, training, norm);
    }

    /** {@code layer(x)}, then {@code x} closed: the next layer has consumed it. */
    private static NDArray consume(NDArray x, java.util.function.UnaryOperator<NDArray> layer) {
        NDArray out = layer.apply(x);
        if (out != x) {
            x.close();
        }
        return out;
    }

    // ---- structure ----

    /**
     * A convolution of the network. 1x1 kernels (most of ResNet) run as {@link PointwiseConvolution}, a
     * matrix product, which libtorch 2.7.1 computes several times faster than its oneDNN conv2d on the CPU.
     */
    private record Conv(Parameter weight, Parameter bias, int kernel, int stride, int padding, int dilation) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            NDArray w = ps.getValue(weight, device, training);
            NDArray b = bias == null ? null : ps.getValue(bias, device, training);
            if (kernel == 1 && padding == 0) {
                return PointwiseConvolution.apply(x, w, b, stride);
            }
            return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
                    new Shape(dilation, dilation), 1).head();
        }

        /** This convolution with {@code norm} (running statistics) folded in; see {@link DeepLabV2#convNorm}. */
        NDArray applyFolded(ParameterStore ps, NDArray x, Device device, boolean training, Norm norm) {
            NDArray w = ps.getValue(weight, device, training);
            NDArray gamma = ps.getValue(norm.gamma(), device, training);
            NDArray beta = ps.getValue(norm.beta(), device, training);
            NDArray mean = ps.getValue(norm.mean(), device, training);
            NDArray var = ps.getValue(norm.var(), device, training);
            return Scoped.result(x.getManager(), () -> {
                NDArray scale = gamma.div(Scalars.add(var, BN_EPSILON).sqrt());
                NDArray shift = beta.sub(mean.mul(scale));
                NDArray folded = w.mul(scale.reshape(-1, 1, 1, 1));
                if (kernel == 1 && padding == 0) {
                    return PointwiseConvolution.apply(x, folded, null, stride).addi(shift.reshape(1, -1, 1, 1));
                }
                return Conv2d.conv2d(x, folded, shift, new Shape(stride, stride), new Shape(padding, padding),
                        new Shape(dilation, dilation), 1).head();
            }, x, w, gamma, beta, mean, var);
        }

        TapConvolution.Branch branch(ParameterStore ps, Device device, boolean training) {
            return new TapConvolution.Branch(ps.getValue(weight, device, training),
                    bias == null ? null : ps.getValue(bias, device, training), dilation);
        }
    }

    private record Norm(Parameter gamma, Parameter beta, Parameter mean, Parameter var) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training, boolean batchStatistics) {
            return BatchNorm.batchNorm(x, ps.getValue(mean, device, training), ps.getValue(var, device, training),
                    ps.getValue(gamma, device, training), ps.getValue(beta, device, training), 1, DJL_BN_MOMENTUM,
                    BN_EPSILON, batchStatistics).head();
        }
    }

    private record Bottleneck(Conv conv1, Norm bn1, Conv conv2, Norm bn2, Conv conv3, Norm bn3, Conv downConv,
            Norm downNorm) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training, boolean stats) {
            NDArray out = consume(convNorm(ps, conv1, bn1, x, device, training, stats), DeepLabV2::relu);
            out = consume(consume(out, a -> convNorm(ps, conv2, bn2, a, device, training, stats)), DeepLabV2::relu);
            out = consume(out, a -> convNorm(ps, conv3, bn3, a, device, training, stats));
            NDArray shortcut = downConv == null ? x : convNorm(ps, downConv, downNorm, x, device, training, stats);
            NDArray sum;
            if (GradMode.isEnabled()) {
                sum = consume(out, a -> a.add(shortcut));
            } else {
                sum = out.addi(shortcut); // nothing records the graph: add in place, one activation less
            }
            if (shortcut != x) {
                shortcut.close();
            }
            return consume(sum, DeepLabV2::relu);
        }
    }



    /**
     * The ASPP classifier: four dilated 3x3 convolutions of the same input, summed, as one
     * {@link TapConvolution} (its backward is ten times faster than conv2d's with 19 output channels).
     */
    private record Head(List<Conv> convs) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            List<TapConvolution.Branch> branches = new ArrayList<>();
            for (Conv conv : convs) {
                branches.add(conv.branch(ps, device, training));
            }
            return TapConvolution.sum(x, branches);
        }
    }
}
