package io.github.advent.detection.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.advent.detection.box.FeatureMapSpec;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.ops.Scoped;
import io.github.advent.entropy.ops.TapConvolution;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.nn.SeededNetwork;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * SSD-300 with a VGG-16 backbone (Liu et al. 2016; ADVENT-SPEC section 9), input N x 3 x 300 x 300.
 *
 * <ul>
 *   <li>VGG-16 conv1_1 … conv5_3 (3x3, padding 1, ReLU after each), max-pools 2x2 / 2 after conv1_2, conv2_2,
 *       conv3_3 (<b>ceil mode</b>: 75 → 38) and conv4_3; pool5 3x3 / 1, padding 1; conv6 3x3, dilation 6,
 *       padding 6 (1024); conv7 1x1 (1024); ReLU after both. Maps: conv4_3 38x38, conv7 19x19;
 *   <li>L2Norm on conv4_3 (after its ReLU): each position's channel vector divided by its L2 norm, times a
 *       learned per-channel scale (initialised to {@value #L2NORM_SCALE});
 *   <li>extras, ReLU after each: conv8_1 1x1 (256), conv8_2 3x3 / 2, padding 1 (512, 10x10); conv9_1 1x1 (128),
 *       conv9_2 3x3 / 2, padding 1 (256, 5x5); conv10_1 1x1 (128), conv10_2 3x3 (256, 3x3); conv11_1 1x1 (128),
 *       conv11_2 3x3 (256, 1x1);
 *   <li>heads on the six source maps (L2-normed conv4_3, conv7, conv8_2, conv9_2, conv10_2, conv11_2), each a
 *       3x3 convolution with padding 1: {@code loc.i} with G·4 outputs, {@code conf.i} with G·K, G = 4, 6, 6, 6,
 *       4, 4 default boxes per cell (8,732 in all), computed tap by tap ({@link TapConvolution}: libtorch's own
 *       kernel returns garbage gradients for these few output channels).
 * </ul>
 * Every channel count except the heads' outputs is divided by {@link SsdConfig#widthDivisor()}.
 *
 * <p><b>Output</b>: {@link #forward} returns 12 maps in the natural convolution layout, first the six class-logit
 * maps {@code N x (G·K) x H x W} (channel {@code g·K + k}: box g of the cell, class k — the layout the adaptation
 * levels take), then the six regression maps {@code N x (G·4) x H x W} (channel {@code g·4 + c}).
 * {@link #flattenConfidences} and {@link #flattenLocations} turn them into {@code N x 8732 x K} and
 * {@code N x 8732 x 4} in default-box order (map, row, column, box; see {@code DefaultBoxes}).
 *
 * <p><b>Parameters</b> are the block's direct parameters, named with ssd.pytorch's state-dict keys
 * ({@code vgg.0.weight} … {@code vgg.33.bias} by layer index, {@code L2Norm.weight}, {@code extras.0.weight} …
 * {@code extras.7.bias}, {@code loc.0.weight} … {@code conf.5.bias}), in that order. There is no batch norm:
 * every parameter is trained at one learning rate ({@link #parameterGroups()}).
 *
 * <p><b>L2Norm</b>: {@code x / (sqrt(Σ_c x²) + 1e-10) · scale} (torchvision's convention: {@code x / max(sqrt(Σ_c x²),
 * 1e-12) · scale}, see {@link SsdConvention}). At a position whose channels are all 0 the
 * square root's derivative is infinite and the gradient into conv4_3's output is NaN there; conv4_3's ReLU
 * (whose backward passes nothing where its output is 0) stops it, as in the reference.
 *
 * <p><b>Initialisation</b> ({@link #initializeWeights}, run when {@link #initialize} allocates): every convolution
 * weight Xavier-uniform, U(±sqrt(6 / (fan_in + fan_out))), biases 0, L2Norm scale 20 — ssd.pytorch's init of
 * its new layers, applied here to the backbone too (which normally comes from ImageNet weights, see
 * {@link SsdWeights}). Values are drawn from the given {@link SplitMix64} in state-dict order.
 */
public final class Ssd300 extends SeededNetwork {
    /** Source maps, adaptation levels and head pairs. */
    public static final int SOURCES = 6;
    public static final int INPUT_SIZE = 300;
    /** Initial value of L2Norm's per-channel scale. */
    public static final float L2NORM_SCALE = 20f;
    /** The seed of the init generator when none is given. */
    public static final long DEFAULT_INIT_SEED = 1234;
    /** Key of L2Norm's scale. */
    public static final String L2NORM_KEY = "L2Norm.weight";
    /** ssd.pytorch's VGG layer index of conv6 and conv7 (the converted fc6 and fc7). */
    public static final int CONV6_INDEX = 31;
    public static final int CONV7_INDEX = 33;
    /** ssd.pytorch's VGG layer index of conv4_3, whose ReLU'd output feeds L2Norm. */
    public static final int CONV4_3_INDEX = 21;

    /** VGG-16 up to conv5_3, ssd.pytorch's "300" base: widths, M = max-pool, C = max-pool in ceil mode. */
    private static final int M = -1;
    private static final int C = -2;
    private static final int[] VGG = {64, 64, M, 128, 128, M, 256, 256, 256, C, 512, 512, 512, M, 512, 512, 512};
    /** The extras: full-width output, kernel, stride, padding; input is the previous layer (conv7 for the first). */
    private static final int[][] EXTRAS = {
        {256, 1, 1, 0}, {512, 3, 2, 1}, {128, 1, 1, 0}, {256, 3, 2, 1},
        {128, 1, 1, 0}, {256, 3, 1, 0}, {128, 1, 1, 0}, {256, 3, 1, 0}};

    private final SsdConfig config;
    private final List<Layer> vgg = new ArrayList<>();
    private final int conv43Position;
    private final Parameter l2NormScale;
    private final List<Conv> extras = new ArrayList<>();
    private final List<Conv> loc = new ArrayList<>();
    private final List<Conv> conf = new ArrayList<>();

    /** An unallocated network whose {@link #initialize initialisation} draws from a generator seeded with {@value #DEFAULT_INIT_SEED}. */
    public Ssd300(SsdConfig config) {
        this(config, new SplitMix64(DEFAULT_INIT_SEED));
    }

    /**
     * An unallocated network of {@code config}'s shape (keys and shapes are known, no arrays yet). The first
     * {@link #initialize} allocates the arrays and runs {@link #initializeWeights} with {@code initRandom}.
     */
    public Ssd300(SsdConfig config, SplitMix64 initRandom) {
        super(initRandom);
        this.config = config;
        int index = 0;
        int in = 3;
        int conv43 = -1;
        for (int v : VGG) {
            if (v == M || v == C) {
                vgg.add(new MaxPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), v == C));
                index += 1;
            } else {
                int out = config.width(v);
                vgg.add(conv("vgg." + index, out, in, 3, 1, 1, 1));
                if (index == CONV4_3_INDEX) {
                    conv43 = vgg.size() - 1;
                }
                in = out;
                index += 2; // the convolution and its ReLU
            }
        }
        vgg.add(new MaxPool(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false)); // pool5
        index += 1;
        vgg.add(conv("vgg." + index, config.width(1024), in, 3, 1, 6, 6)); // conv6 (index 31)
        index += 2;
        vgg.add(conv("vgg." + index, config.width(1024), config.width(1024), 1, 1, 0, 1)); // conv7 (index 33)
        this.conv43Position = conv43;
        this.l2NormScale = addParameter(Parameter.builder().setName(L2NORM_KEY).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.width(512))).optInitializer(Initializer.ZEROS).build());
        in = config.width(1024);
        for (int i = 0; i < EXTRAS.length; i++) {
            int[] e = EXTRAS[i];
            int out = config.width(e[0]);
            extras.add(conv("extras." + i, out, in, e[1], e[2], e[3], 1));
            in = out;
        }
        int[] sources = config.sourceChannels();
        List<FeatureMapSpec> maps = config.featureMaps();
        for (int i = 0; i < SOURCES; i++) {
            loc.add(conv("loc." + i, maps.get(i).boxesPerCell() * 4, sources[i], 3, 1, 1, 1));
        }
        for (int i = 0; i < SOURCES; i++) {
            conf.add(conv("conf." + i, maps.get(i).boxesPerCell() * config.numClasses(), sources[i], 3, 1, 1, 1));
        }
    }

    /** A network of {@code config}'s shape, allocated in {@code manager} and {@linkplain #initializeWeights initialised}. */
    public static Ssd300 create(NDManager manager, SsdConfig config, SplitMix64 random) {
        Ssd300 network = new Ssd300(config, random);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, INPUT_SIZE, INPUT_SIZE));
        return network;
    }

    public SsdConfig config() {
        return config;
    }

    /** Number of values in all parameters (all of them trained). */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** One group, {@code all}, at the base learning rate: SSD has no batch norm and no 10x head rule. */
    public List<ParameterGroup> parameterGroups() {
        List<NamedParameter> all = new ArrayList<>();
        parameters.forEach((key, parameter) -> all.add(new NamedParameter(key, parameter)));
        return List.of(new ParameterGroup("all", 1, all));
    }

    /** L2Norm's per-channel scale on conv4_3: the network's only normalisation parameter (SSD has no batch norm). */
    public NamedParameter l2NormScale() {
        return new NamedParameter(L2NORM_KEY, l2NormScale);
    }

    /** (Re)initialises every array as the class documentation says, drawing from {@code random}. */
    @Override
    public void initializeWeights(SplitMix64 random) {
        GradMode.noGrad(() -> parameters.forEach((key, p) -> {
            NDArray array = p.getArray();
            long[] shape = array.getShape().getShape();
            float[] values = new float[Math.toIntExact(array.size())];
            if (key.equals(L2NORM_KEY)) {
                java.util.Arrays.fill(values, L2NORM_SCALE);
            } else if (shape.length == 4) {
                long area = shape[2] * shape[3];
                double bound = Math.sqrt(6.0 / (shape[1] * area + shape[0] * area));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            }
            Assign.values(array, values);
        }));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.head();
        Shape shape = input.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != INPUT_SIZE || shape.get(3) != INPUT_SIZE) {
            throw new IllegalArgumentException("SSD-300 expects N x 3 x 300 x 300 input, got " + shape);
        }
        Device device = input.getDevice();
        NDArray[] confidences = new NDArray[SOURCES];
        NDArray[] locations = new NDArray[SOURCES];
        NDArray x = input;
        for (int i = 0; i < vgg.size(); i++) {
            Layer layer = vgg.get(i);
            x = Scoped.advance(x, input, in -> layer.apply(ps, in, device, training));
            if (i == conv43Position) {
                NDArray normed = Scoped.apply(x, in -> l2Norm(ps, in, device, training));
                heads(ps, 0, normed, device, training, confidences, locations);
                normed.close();
            }
        }
        heads(ps, 1, x, device, training, confidences, locations);
        for (int i = 0; i < extras.size(); i++) {
            Conv layer = extras.get(i);
            x = Scoped.advance(x, input, in -> layer.apply(ps, in, device, training));
            if (i % 2 == 1) {
                heads(ps, 2 + i / 2, x, device, training, confidences, locations);
            }
        }
        if (x != input) {
            x.close();
        }
        NDList out = new NDList(2 * SOURCES);
        out.addAll(List.of(confidences));
        out.addAll(List.of(locations));
        return out;
    }

    private void heads(ParameterStore ps, int source, NDArray x, Device device, boolean training,
            NDArray[] confidences, NDArray[] locations) {
        confidences[source] = Scoped.apply(x, in -> conf.get(source).convolveAsTaps(ps, in, device, training));
        locations[source] = Scoped.apply(x, in -> loc.get(source).convolveAsTaps(ps, in, device, training));
    }

    private NDArray l2Norm(ParameterStore ps, NDArray x, Device device, boolean training) {
        SsdConvention convention = config.convention();
        NDArray length = x.mul(x).sum(new int[] {1}, true).sqrt();
        NDArray norm = convention.l2NormClampsNorm() ? length.maximum(convention.l2NormEpsilon())
                : Scalars.add(length, convention.l2NormEpsilon());
        NDArray scale = ps.getValue(l2NormScale, device, training).reshape(1, -1, 1, 1);
        return x.div(norm).mul(scale);
    }

    // ---- outputs ----

    /** The six class-logit maps of a forward output, {@code N x (G·K) x H x W}. */
    public static NDList confidences(NDList outputs) {
        return new NDList(outputs.subList(0, SOURCES));
    }

    /** The six regression maps of a forward output, {@code N x (G·4) x H x W}. */
    public static NDList locations(NDList outputs) {
        return new NDList(outputs.subList(SOURCES, 2 * SOURCES));
    }

    /** The class logits as {@code N x 8732 x K}, in default-box order. */
    public NDArray flattenConfidences(NDList outputs) {
        return flatten(confidences(outputs), config.numClasses());
    }

    /** The regression outputs as {@code N x 8732 x 4}, in default-box order. */
    public static NDArray flattenLocations(NDList outputs) {
        return flatten(locations(outputs), 4);
    }

    /**
     * {@code N x (G·C) x H x W} maps to one {@code N x (Σ H·W·G) x C} array: per map, row, column, then group —
     * the default-box order.
     */
    public static NDArray flatten(NDList maps, int perBox) {
        NDList flat = new NDList(maps.size());
        for (NDArray map : maps) {
            flat.add(map.transpose(0, 2, 3, 1).reshape(map.getShape().get(0), -1, perBox));
        }
        return flat.size() == 1 ? flat.head() : NDArrays.concat(flat, 1);
    }

    /** Shapes of the 12 outputs for an N x 3 x 300 x 300 input. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        List<FeatureMapSpec> maps = config.featureMaps();
        Shape[] shapes = new Shape[2 * SOURCES];
        for (int i = 0; i < SOURCES; i++) {
            FeatureMapSpec map = maps.get(i);
            shapes[i] = new Shape(n, (long) map.boxesPerCell() * config.numClasses(), map.size(), map.size());
            shapes[SOURCES + i] = new Shape(n, map.boxesPerCell() * 4L, map.size(), map.size());
        }
        return shapes;
    }

    @Override
    public String toString() {
        return "Ssd300[" + config.architecture() + ", " + config.numClasses() + " classes]";
    }

    // ---- construction ----

    private Conv conv(String key, int out, int in, int kernel, int stride, int padding, int dilation) {
        Parameter weight = addParameter(Parameter.builder().setName(key + ".weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).optInitializer(Initializer.ZEROS).build());
        Parameter bias = addParameter(Parameter.builder().setName(key + ".bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).optInitializer(Initializer.ZEROS).build());
        return new Conv(weight, bias, new Shape(stride, stride), new Shape(padding, padding), new Shape(dilation, dilation));
    }

    // ---- structure ----

    private interface Layer {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training);
    }

    /** A convolution; as a {@link Layer} it is followed by a ReLU, as a head it is not. */
    private record Conv(Parameter weight, Parameter bias, Shape stride, Shape padding, Shape dilation) implements Layer {
        NDArray convolve(ParameterStore ps, NDArray x, Device device, boolean training) {
            return Conv2d.conv2d(x, ps.getValue(weight, device, training), ps.getValue(bias, device, training), stride,
                    padding, dilation, 1).head();
        }

        /**
         * The same convolution (a head's: 3x3, stride 1, padding 1) as a {@link TapConvolution}. libtorch 2.7.1's
         * oneDNN backward for the heads' few output channels reads memory it never wrote: its gradients change
         * with whatever was freed before and are NaN now and then, at every width (full-width loc.1 1024 → 24
         * included; shared-entropy's ConvKernelCheck). The tap form's matrix products and shifts are exact.
         */
        NDArray convolveAsTaps(ParameterStore ps, NDArray x, Device device, boolean training) {
            return TapConvolution.apply(x, ps.getValue(weight, device, training), ps.getValue(bias, device, training), 1);
        }

        @Override
        public NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            return Activation.relu(convolve(ps, x, device, training));
        }
    }

    private record MaxPool(Shape kernel, Shape stride, Shape padding, boolean ceil) implements Layer {
        @Override
        public NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            return Pool.maxPool2d(x, kernel, stride, padding, ceil);
        }
    }
}
