package io.github.advent.classification.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.nn.SeededNetwork;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.ops.PointwiseConvolution;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * torchvision's ResNet classifier (ADVENT-SPEC section 16), the stride-on-3x3 ("v1.5") bottleneck:
 *
 * <ul>
 *   <li>stem: conv 7x7 / 2, padding 3, no bias; BN; ReLU; max-pool 3x3 / 2, padding 1 (floor mode);
 *   <li>four stages of bottlenecks (expansion 4) with {@code width, 2·width, 4·width, 8·width} planes, strides
 *       1, 2, 2, 2 on each stage's first 3x3 convolution; BN after every convolution, ReLU after bn1, bn2 and
 *       the residual sum; a projection shortcut ({@code downsample}: 1x1 conv with the stride + BN) where the
 *       channels or the stride change;
 *   <li>global average pooling and {@code fc}, a linear layer to the class logits.
 * </ul>
 *
 * <p>Parameters carry torchvision's state-dict keys in its order ({@code layer2.0.downsample.1.running_var},
 * {@code fc.weight}), so a torchvision {@code resnet50} checkpoint loads key for key ({@link ResNetWeights}).
 * Unlike DeepLab's frozen batch norm, every BN scale and shift trains (as in torchvision), and in training mode BN
 * uses the batch's statistics and updates the running ones with PyTorch's momentum 0.1 (DJL's 0.9), eps 1e-5.
 *
 * <p>Initialisation as torchvision's: convolutions N(0, √(2 / fan_out)) (Kaiming, fan-out, ReLU); BN scale 1,
 * shift 0, running mean 0, variance 1; {@code fc} weight and bias U(−1/√fan_in, 1/√fan_in) (PyTorch's Linear
 * default). Values are drawn from the given generator in state-dict order.
 *
 * <p>{@link #forward} takes {@code N x 3 x H x W} (RGB in [0, 1] standardised by the ImageNet mean and std) and
 * returns {@code NDList(logits)}, {@code N x K}.
 */
public final class ResNet extends SeededNetwork {
    public static final int EXPANSION = 4;
    public static final float BN_EPSILON = 1e-5f;
    /** PyTorch's BN momentum 0.1 in DJL's convention. */
    public static final float DJL_BN_MOMENTUM = 0.9f;
    /** Learning-rate multiplier of {@code fc}, the freshly initialised classifier (as DeepLab's heads). */
    public static final double HEAD_LR_MULTIPLIER = 10;
    public static final long DEFAULT_INIT_SEED = 1234;

    private final ResNetConfig config;
    private final Conv stem;
    private final Norm stemNorm;
    private final List<Bottleneck> blocks = new ArrayList<>();
    private final Parameter fcWeight;
    private final Parameter fcBias;

    public ResNet(ResNetConfig config) {
        this(config, new SplitMix64(DEFAULT_INIT_SEED));
    }

    /** An unallocated network; the first {@link #initialize} draws its weights from {@code initRandom}. */
    public ResNet(ResNetConfig config, SplitMix64 initRandom) {
        super(initRandom);
        this.config = config;
        int width = config.width();
        stem = conv("conv1", width, 3, 7, 2, 3);
        stemNorm = norm("bn1", width);
        int inplanes = width;
        for (int s = 0; s < 4; s++) {
            int planes = width << s;
            for (int i = 0; i < config.blocks(s); i++) {
                String key = "layer" + (s + 1) + "." + i;
                int stride = i == 0 && s > 0 ? 2 : 1;
                Conv c1 = conv(key + ".conv1", planes, inplanes, 1, 1, 0);
                Norm n1 = norm(key + ".bn1", planes);
                Conv c2 = conv(key + ".conv2", planes, planes, 3, stride, 1);
                Norm n2 = norm(key + ".bn2", planes);
                Conv c3 = conv(key + ".conv3", planes * EXPANSION, planes, 1, 1, 0);
                Norm n3 = norm(key + ".bn3", planes * EXPANSION);
                Conv dc = null;
                Norm dn = null;
                if (stride != 1 || inplanes != planes * EXPANSION) {
                    dc = conv(key + ".downsample.0", planes * EXPANSION, inplanes, 1, stride, 0);
                    dn = norm(key + ".downsample.1", planes * EXPANSION);
                }
                blocks.add(new Bottleneck(c1, n1, c2, n2, c3, n3, dc, dn));
                inplanes = planes * EXPANSION;
            }
        }
        fcWeight = addParameter(Parameter.builder().setName("fc.weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.numClasses(), config.features())).optInitializer(Initializer.ZEROS).build());
        fcBias = addParameter(Parameter.builder().setName("fc.bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(config.numClasses())).optInitializer(Initializer.ZEROS).build());
    }

    /** A network of {@code config}'s shape, allocated in {@code manager} and initialised from {@code random}. */
    public static ResNet create(NDManager manager, ResNetConfig config, SplitMix64 random) {
        ResNet network = new ResNet(config, random);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        return network;
    }

    public ResNetConfig config() {
        return config;
    }

    /**
     * The learning-rate groups: {@code backbone} (every convolution and BN scale and shift) at 1x and {@code head}
     * ({@code fc}) at {@link #HEAD_LR_MULTIPLIER}x. Running statistics are in neither.
     */
    public List<ParameterGroup> parameterGroups() {
        List<NamedParameter> backbone = new ArrayList<>();
        List<NamedParameter> head = new ArrayList<>();
        parameters.forEach((key, parameter) -> {
            if (parameter.requiresGradient()) {
                (key.startsWith("fc.") ? head : backbone).add(new NamedParameter(key, parameter));
            }
        });
        return List.of(new ParameterGroup("backbone", 1, backbone), new ParameterGroup("head", HEAD_LR_MULTIPLIER, head));
    }

    @Override
    public void initializeWeights(SplitMix64 random) {
        GradMode.noGrad(() -> parameters.forEach((key, p) -> {
            NDArray array = p.getArray();
            Shape shape = array.getShape();
            float[] values = new float[Math.toIntExact(array.size())];
            if (shape.dimension() == 4) {
                double std = Math.sqrt(2.0 / (shape.get(0) * shape.get(2) * shape.get(3)));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            } else if (key.startsWith("fc.")) {
                double bound = 1 / Math.sqrt(config.features());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            } else if (key.endsWith(".weight") || key.endsWith(".running_var")) {
                Arrays.fill(values, 1f);
            }
            Assign.values(array, values);
        }));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != 3) {
            throw new IllegalArgumentException("ResNet expects N x 3 x H x W input, got " + x.getShape());
        }
        Device device = x.getDevice();
        NDArray out = Pool.maxPool2d(Activation.relu(stemNorm.apply(ps, stem.apply(ps, x, device, training), device, training)),
                new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        for (Bottleneck block : blocks) {
            out = block.apply(ps, out, device, training);
        }
        // global average pooling; libtorch's mean in DJL takes one axis at a time
        NDArray pooled = out.reshape(out.getShape().get(0), out.getShape().get(1), -1).mean(new int[] {2});
        NDArray logits = Linear.linear(pooled, ps.getValue(fcWeight, device, training), ps.getValue(fcBias, device, training))
                .head();
        return new NDList(logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.numClasses())};
    }

    @Override
    public String toString() {
        return "ResNet[" + config.architecture() + ", " + config.numClasses() + " classes]";
    }

    private Conv conv(String key, int out, int in, int kernel, int stride, int padding) {
        Parameter weight = addParameter(Parameter.builder().setName(key + ".weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).optInitializer(Initializer.ZEROS).build());
        return new Conv(weight, kernel, stride, padding);
    }

    private Norm norm(String key, int channels) {
        return new Norm(
                norm(key + ".weight", Parameter.Type.GAMMA, Initializer.ONES, channels, true),
                norm(key + ".bias", Parameter.Type.BETA, Initializer.ZEROS, channels, true),
                norm(key + ".running_mean", Parameter.Type.RUNNING_MEAN, Initializer.ZEROS, channels, false),
                norm(key + ".running_var", Parameter.Type.RUNNING_VAR, Initializer.ONES, channels, false));
    }

    private Parameter norm(String name, Parameter.Type type, Initializer init, int channels, boolean trains) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(channels))
                .optInitializer(init).optRequiresGrad(trains).build());
    }

    /** A convolution without bias; 1x1 kernels run as {@link PointwiseConvolution} (a matrix product, faster on CPU). */
    private record Conv(Parameter weight, int kernel, int stride, int padding) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            NDArray w = ps.getValue(weight, device, training);
            if (kernel == 1) {
                return PointwiseConvolution.apply(x, w, null, stride);
            }
            return Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1)
                    .head();
        }
    }

    private record Norm(Parameter gamma, Parameter beta, Parameter mean, Parameter var) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            return BatchNorm.batchNorm(x, ps.getValue(mean, device, training), ps.getValue(var, device, training),
                    ps.getValue(gamma, device, training), ps.getValue(beta, device, training), 1, DJL_BN_MOMENTUM,
                    BN_EPSILON, training).head();
        }
    }

    private record Bottleneck(Conv conv1, Norm bn1, Conv conv2, Norm bn2, Conv conv3, Norm bn3, Conv downConv,
            Norm downNorm) {
        NDArray apply(ParameterStore ps, NDArray x, Device device, boolean training) {
            NDArray out = Activation.relu(bn1.apply(ps, conv1.apply(ps, x, device, training), device, training));
            out = Activation.relu(bn2.apply(ps, conv2.apply(ps, out, device, training), device, training));
            out = bn3.apply(ps, conv3.apply(ps, out, device, training), device, training);
            NDArray shortcut = downConv == null ? x
                    : downNorm.apply(ps, downConv.apply(ps, x, device, training), device, training);
            return Activation.relu(out.add(shortcut));
        }
    }
}
