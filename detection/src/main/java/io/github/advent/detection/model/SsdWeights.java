package io.github.advent.detection.model;

import io.github.advent.detection.box.FeatureMapSpec;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.NetworkCheckpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.entropy.weights.WeightImport;
import io.github.advent.entropy.weights.WeightImporter;
import io.github.advent.entropy.weights.WeightLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weights into and out of an {@link Ssd300}: the PyTorch files SSD users have, and advent checkpoints.
 *
 * <p>{@link #importFile} reads a PyTorch {@code .pth} (zip or legacy), {@code .npz} or {@code .safetensors}
 * file ({@link WeightFiles#read}) and recognises the {@link Layout} from its keys:
 * <ul>
 *   <li>{@link Layout#SSD_PYTORCH} — a whole ssd.pytorch-style SSD ({@code vgg.N.*}, {@code L2Norm.weight},
 *       {@code extras.N.*}, {@code loc.N.*}, {@code conf.N.*}): the network's own keys;
 *   <li>{@link Layout#REDUCED_FC} — ssd.pytorch's {@code vgg16_reducedfc.pth} (the original SSD's ImageNet
 *       backbone): keys {@code 0.weight} … {@code 33.bias}, VGG layer indices, loaded as {@code vgg.N.*};
 *   <li>{@link Layout#TORCHVISION_SSD} — torchvision's {@code ssd300_vgg16} (e.g. its COCO checkpoint
 *       {@code ssd300_vgg16_coco-b556d3b4.pth}, 91 classes), any class count: {@code backbone.features.N} →
 *       {@code vgg.N} (conv1_1 … conv4_3), {@code backbone.scale_weight} → {@code L2Norm.weight},
 *       {@code backbone.extra.0.{1,3,5}} → conv5_1 … conv5_3 ({@code vgg.24}, {@code vgg.26}, {@code vgg.28}),
 *       {@code backbone.extra.0.7.{1,3}} → conv6 / conv7 ({@code vgg.31}, {@code vgg.33}),
 *       {@code backbone.extra.K.{0,2}} → {@code extras.2(K−1)}, {@code extras.2(K−1)+1},
 *       {@code head.classification_head.module_list.i} → {@code conf.i},
 *       {@code head.regression_head.module_list.i} → {@code loc.i}. These weights expect torchvision's
 *       conventions ({@link SsdConvention#TORCHVISION}); they are refused by a network of other conventions;
 *   <li>{@link Layout#TORCHVISION_VGG16} — torchvision's ImageNet {@code vgg16-*.pth}: {@code features.N.*}
 *       become {@code vgg.N.*} (same indices); fc6 and fc7 are converted as described below;
 *       {@code classifier.6} (ImageNet's classes) is skipped.
 * </ul>
 * With the two backbone layouts, L2Norm, the extras and the heads keep their initialisation
 * ({@link WeightImport#keptInitialised()}). A single extra leading component shared by all keys
 * (DataParallel's {@code module.}) is dropped. Rules, in this order: any {@code backbone.*} or {@code head.*} key
 * → torchvision SSD; any {@code features.*} or {@code classifier.*} key → torchvision VGG-16; any key starting
 * with a digit → reduced fc; otherwise → SSD.
 *
 * <p><b>Other class counts</b>: a whole SSD whose heads have another class count than the network loads
 * everything but its confidence heads (mis-shaped, they keep their initialisation), unless a
 * {@link HeadClassMap} says which file class each network class starts from; COCO heads (81 or 91 classes)
 * into a 9-class (Cityscapes) network take {@link HeadClassMap#cocoToCityscapes} by default.
 * {@code num_batches_tracked} is ignored; float16 is widened to float32.
 *
 * <p><b>fc6 / fc7 → conv6 / conv7</b> (SSD's "reduced fc" VGG: the paper converts the fully connected layers to
 * convolutions and subsamples their parameters; this is the decimation the PyTorch SSD ports use). fc6's
 * weight {@code [4096, 25088]} is read as {@code [4096, 512, 7, 7]} (torchvision flattens pool5's
 * {@code 512 x 7 x 7} output channel-major), then every 4th output channel (0, 4, …, 4092) and every 3rd
 * row and column (0, 3, 6) are kept:
 * <pre>
 *   conv6.weight[o, c, y, x] = fc6.weight[4·o, c·49 + 3y·7 + 3x]     (1024 x 512 x 3 x 3)
 *   conv6.bias[o]            = fc6.bias[4·o]
 *   conv7.weight[o, i, 0, 0] = fc7.weight[4·o, 4·i]                   (1024 x 1024 x 1 x 1)
 *   conv7.bias[o]            = fc7.bias[4·o]
 * </pre>
 * conv6 then runs with dilation 6 (the 7x7 window sampled every 3 pixels at pool5's stride, doubled because
 * pool5 no longer halves the map). For a reduced-width network the same rule applies to a file whose fc
 * layers are 4x wider than conv6 / conv7 and whose fc6 input is conv5_3's width · 49.
 *
 * <p><b>Pre-processing caveat</b>: torchvision's VGG was trained on RGB input scaled to [0, 1] and
 * standardised; SSD feeds BGR with the mean (104, 117, 123) subtracted and no scaling. The weights load and
 * train, but their starting features differ from the original SSD's; use {@code vgg16_reducedfc.pth}
 * (caffe's VGG, BGR) to reproduce the paper.
 *
 * <p>Every missing, unexpected and mis-shaped key is listed in the returned {@link WeightImport}; with
 * {@code strict} any of them is a {@link BadInputException} naming the file, thrown before anything is
 * copied. A file none of whose tensors fits the network is refused even when not strict.
 *
 * <p>{@link #writeCheckpoint} and {@link #loadCheckpoint} store and restore the network as an advent
 * checkpoint (kind {@value #KIND}, tensors {@code network.<state-dict key>}, architecture
 * ({@link SsdConfig#architecture()}) and class count in the header); {@link #restore} accepts either kind of
 * file and {@link #fromCheckpoint} builds the network the checkpoint names.
 */
public final class SsdWeights {
    /** The checkpoint kind written by {@link #writeCheckpoint}. */
    public static final String KIND = NetworkCheckpoints.KIND;
    /** fc6 / fc7 output channels kept: every 4th. */
    public static final int FC_CHANNEL_STEP = 4;
    /** fc6's 7x7 window sampled every 3rd row and column. */
    public static final int FC6_SPATIAL_STEP = 3;
    public static final int FC6_SIDE = 7;
    private static final Pattern TV_FEATURES = Pattern.compile("backbone\\.features\\.(\\d+)\\.(weight|bias)");
    private static final Pattern TV_CONV5 = Pattern.compile("backbone\\.extra\\.0\\.([135])\\.(weight|bias)");
    private static final Pattern TV_FC = Pattern.compile("backbone\\.extra\\.0\\.7\\.([13])\\.(weight|bias)");
    private static final Pattern TV_EXTRA = Pattern.compile("backbone\\.extra\\.([1-4])\\.([02])\\.(weight|bias)");
    private static final Pattern TV_HEAD =
            Pattern.compile("head\\.(classification|regression)_head\\.module_list\\.(\\d)\\.(weight|bias)");
    private static final Pattern CONFIDENCE_HEAD =
            Pattern.compile("(?:^|\\.)(?:conf|classification_head\\.module_list)\\.([0-5])\\.(?:weight|bias)$");
    /** torchvision's pool4 position in VGG-16's features: backbone.extra.0.M is features.(M + 23). */
    private static final int TV_POOL4_INDEX = 23;

    private SsdWeights() {}

    /** Where a weight file comes from, as told by its keys. */
    public enum Layout implements WeightLayout {
        /** A whole SSD with ssd.pytorch's keys. */
        SSD_PYTORCH("ssd.pytorch SSD checkpoint", true),
        /** ssd.pytorch's {@code vgg16_reducedfc.pth}: VGG layer indices as keys. */
        REDUCED_FC("SSD reduced-fc VGG-16 (vgg16_reducedfc)", false),
        /** torchvision's {@code ssd300_vgg16}: {@code backbone.*} and {@code head.*}. */
        TORCHVISION_SSD("torchvision SSD300-VGG16 checkpoint", true),
        /** torchvision's ImageNet VGG-16, fc6 / fc7 converted. */
        TORCHVISION_VGG16("torchvision ImageNet VGG-16", false),
        /** an advent checkpoint ({@link #loadCheckpoint}). */
        CHECKPOINT("advent checkpoint", true);

        private final String description;
        private final boolean whole;

        Layout(String description, boolean whole) {
            this.description = description;
            this.whole = whole;
        }

        @Override
        public String description() {
            return description;
        }

        /** Whether files of this layout carry L2Norm, the extras and the heads (not only the VGG backbone). */
        public boolean isWholeNetwork() {
            return whole;
        }
    }

    /** Reads {@code file} and imports it into {@code network}; see the class documentation. */
    public static WeightImport importFile(Path file, Ssd300 network, boolean strict) {
        return importTensors(file, WeightFiles.read(file), network, strict);
    }

    /** The layout {@code keys} come from (after dropping a common leading component, if any). */
    public static Layout detectLayout(Iterable<String> keys) {
        List<String> list = new ArrayList<>();
        keys.forEach(list::add);
        return (Layout) WeightImporter.layoutOf(list, new SsdKeyMap(null, null));
    }

    /**
     * The class count of a file's confidence heads, if it has one: the first dimension of any {@code conf.i} (or
     * torchvision's {@code classification_head.module_list.i}) weight or bias over map i's boxes per cell.
     */
    public static java.util.OptionalInt headClasses(Map<String, TensorData> tensors) {
        List<FeatureMapSpec> maps = SsdConfig.ssd300().featureMaps();
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            Matcher m = CONFIDENCE_HEAD.matcher(entry.getKey());
            long[] shape = entry.getValue().shape();
            if (m.find() && shape.length > 0) {
                int boxes = maps.get(Integer.parseInt(m.group(1))).boxesPerCell();
                return java.util.OptionalInt.of(Math.toIntExact(shape[0] / boxes));
            }
        }
        return java.util.OptionalInt.empty();
    }

    /**
     * Imports {@code tensors} (read from {@code file}, which only names the source in messages) into
     * {@code network}; a whole SSD's confidence heads of another class count are mapped by the default
     * {@link HeadClassMap#between} map, if there is one.
     */
    public static WeightImport importTensors(Path file, Map<String, TensorData> tensors, Ssd300 network,
            boolean strict) {
        int networkClasses = network.config().numClasses();
        HeadClassMap map = headClasses(tensors).stream().boxed().filter(c -> c != networkClasses).findFirst()
                .flatMap(c -> HeadClassMap.between(c, networkClasses)).orElse(null);
        return importTensors(file, tensors, network, strict, map);
    }

    /**
     * As above, with {@code classMap} (null: none) choosing the file's confidence-head rows of each network class;
     * its class counts must be the file's heads' and the network's.
     */
    public static WeightImport importTensors(Path file, Map<String, TensorData> tensors, Ssd300 network,
            boolean strict, HeadClassMap classMap) {
        if (classMap != null && classMap.targetClasses() != network.config().numClasses()) {
            throw new IllegalArgumentException(classMap + " fills " + classMap.targetClasses() + " classes, the network has "
                    + network.config().numClasses());
        }
        return WeightImporter.importTensors(file, tensors, network.stateDict(), new SsdKeyMap(network.config(), classMap),
                strict);
    }

    /** The conventions a file's weights expect: torchvision's for its SSD layout, else none in particular. */
    public static java.util.Optional<SsdConvention> convention(Layout layout) {
        return switch (layout) {
            case TORCHVISION_SSD -> java.util.Optional.of(SsdConvention.TORCHVISION);
            case SSD_PYTORCH -> java.util.Optional.of(SsdConvention.SSD_PYTORCH);
            default -> java.util.Optional.empty();
        };
    }

    /** The network key of a torchvision SSD key, or null if it has none. */
    static String torchvisionKey(String plain) {
        if (plain.equals("backbone.scale_weight")) {
            return Ssd300.L2NORM_KEY;
        }
        Matcher m = TV_FEATURES.matcher(plain);
        if (m.matches()) {
            return Integer.parseInt(m.group(1)) < TV_POOL4_INDEX ? "vgg." + m.group(1) + "." + m.group(2) : null;
        }
        m = TV_CONV5.matcher(plain);
        if (m.matches()) {
            return "vgg." + (TV_POOL4_INDEX + Integer.parseInt(m.group(1))) + "." + m.group(2);
        }
        m = TV_FC.matcher(plain);
        if (m.matches()) {
            return "vgg." + (m.group(1).equals("1") ? Ssd300.CONV6_INDEX : Ssd300.CONV7_INDEX) + "." + m.group(2);
        }
        m = TV_EXTRA.matcher(plain);
        if (m.matches()) {
            int extra = 2 * (Integer.parseInt(m.group(1)) - 1) + Integer.parseInt(m.group(2)) / 2;
            return "extras." + extra + "." + m.group(3);
        }
        m = TV_HEAD.matcher(plain);
        if (m.matches()) {
            return (m.group(1).equals("classification") ? "conf." : "loc.") + m.group(2) + "." + m.group(3);
        }
        return null;
    }

    /** A confidence head's tensor with the rows of {@code map}'s classes. */
    static TensorData selectClasses(TensorData tensor, HeadClassMap map) {
        long[] shape = tensor.shape().clone();
        long rowLength = 1;
        for (int d = 1; d < shape.length; d++) {
            rowLength *= shape[d];
        }
        float[] rows = map.select(tensor.toFloatArray(), shape[0], rowLength);
        shape[0] = shape[0] / map.sourceClasses() * map.targetClasses();
        return floats(rows, shape);
    }

    /**
     * torchvision's fc6 ({@code [4·O, C·49]} weight or {@code [4·O]} bias) reduced to conv6's
     * {@code target} shape ({@code [O, C, 3, 3]} or {@code [O]}) as the class documentation says; null when
     * the shapes do not correspond.
     */
    static TensorData fc6ToConv6(TensorData fc, long[] target) {
        long[] shape = fc.shape();
        float[] values = fc.toFloatArray();
        if (target.length == 1) {
            return Arrays.equals(shape, fcShape(0, target)) ? everyFourth(values, target) : null;
        }
        if (!Arrays.equals(shape, fcShape(0, target)) || target[2] != 3 || target[3] != 3) {
            return null;
        }
        int outputs = Math.toIntExact(target[0]);
        int inputs = Math.toIntExact(target[1]);
        int rowLength = inputs * FC6_SIDE * FC6_SIDE;
        float[] out = new float[outputs * inputs * 9];
        int at = 0;
        for (int o = 0; o < outputs; o++) {
            int row = FC_CHANNEL_STEP * o * rowLength;
            for (int c = 0; c < inputs; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        out[at++] = values[row + c * FC6_SIDE * FC6_SIDE
                                + FC6_SPATIAL_STEP * y * FC6_SIDE + FC6_SPATIAL_STEP * x];
                    }
                }
            }
        }
        return floats(out, target);
    }

    /** torchvision's fc7 ({@code [4·O, 4·I]} or {@code [4·O]}) reduced to conv7's {@code [O, I, 1, 1]} or {@code [O]}; null when the shapes do not correspond. */
    static TensorData fc7ToConv7(TensorData fc, long[] target) {
        long[] shape = fc.shape();
        float[] values = fc.toFloatArray();
        if (target.length == 1) {
            return Arrays.equals(shape, fcShape(3, target)) ? everyFourth(values, target) : null;
        }
        if (!Arrays.equals(shape, fcShape(3, target)) || target[2] != 1 || target[3] != 1) {
            return null;
        }
        int outputs = Math.toIntExact(target[0]);
        int inputs = Math.toIntExact(target[1]);
        int rowLength = FC_CHANNEL_STEP * inputs;
        float[] out = new float[outputs * inputs];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < inputs; i++) {
                out[o * inputs + i] = values[FC_CHANNEL_STEP * o * rowLength + FC_CHANNEL_STEP * i];
            }
        }
        return floats(out, target);
    }

    /** The torchvision shape that converts to conv6 ({@code layer} 0) or conv7 (3) of shape {@code target}. */
    static long[] fcShape(int layer, long[] target) {
        if (target.length == 1) {
            return new long[] {FC_CHANNEL_STEP * target[0]};
        }
        long inputs = layer == 0 ? target[1] * FC6_SIDE * FC6_SIDE : FC_CHANNEL_STEP * target[1];
        return new long[] {FC_CHANNEL_STEP * target[0], inputs};
    }

    private static TensorData everyFourth(float[] values, long[] target) {
        float[] out = new float[Math.toIntExact(target[0])];
        for (int o = 0; o < out.length; o++) {
            out[o] = values[FC_CHANNEL_STEP * o];
        }
        return floats(out, target);
    }

    private static TensorData floats(float[] values, long[] shape) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new TensorData(TensorType.FLOAT32, shape, buffer);
    }

    /**
     * Writes {@code network} as an advent checkpoint of kind {@value #KIND} (atomically), with its identity and
     * {@code command} in the header.
     */
    public static void writeCheckpoint(Path file, Ssd300 network, String command) {
        NetworkCheckpoints.write(file, network.config().identity(), network, command);
    }

    /**
     * Loads the {@code network.*} tensors of an advent checkpoint (a weights file, or a training run's
     * checkpoint) into {@code network}; it must be of the network's architecture and class count and hold
     * exactly its tensors.
     */
    public static void loadCheckpoint(Path file, Ssd300 network) {
        NetworkCheckpoints.load(file, network.config().identity(), network);
    }

    /** A network of the architecture and class count that the advent checkpoint {@code file} declares, loaded from it. */
    public static Ssd300 fromCheckpoint(NDManager manager, Path file) {
        SsdConfig config = NetworkCheckpoints.configOf(file, SsdConfig::of, "an SSD network");
        Ssd300 network = new Ssd300(config, new SplitMix64(0));
        network.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, Ssd300.INPUT_SIZE, Ssd300.INPUT_SIZE));
        loadCheckpoint(file, network);
        return network;
    }

    /**
     * Loads {@code file} into {@code network} whatever it is: an advent checkpoint ({@link #loadCheckpoint},
     * always strict) or a PyTorch / npz / safetensors weight file ({@link #importFile}).
     */
    public static WeightImport restore(Path file, Ssd300 network, boolean strict) {
        return WeightImporter.restore(file, network, network.config().identity(), network.stateDict(),
                new SsdKeyMap(network.config(), null), strict);
    }

    /**
     * The conventions the weights in {@code file} expect: an advent checkpoint's architecture's, a whole SSD's
     * layout's; empty for a VGG-16 backbone (any convention may start from it).
     */
    public static java.util.Optional<SsdConvention> conventionOf(Path file) {
        if (isAdventCheckpoint(file)) {
            return java.util.Optional.of(SsdConvention.ofArchitecture(Checkpoints.identity(file).architecture()));
        }
        return convention(detectLayout(WeightFiles.read(file).keySet()));
    }

    /** Whether {@code file} is a safetensors file with advent's checkpoint header. */
    public static boolean isAdventCheckpoint(Path file) {
        return NetworkCheckpoints.isAdventCheckpoint(file);
    }

    /** The leading component shared by every key when none of them starts with a known root or a layer index; else "". */
    static String commonExtraPrefix(List<String> keys) {
        return WeightImporter.commonExtraPrefix(keys, new SsdKeyMap(null, null));
    }
}
