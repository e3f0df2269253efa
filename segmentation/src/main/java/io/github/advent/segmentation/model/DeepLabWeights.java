package io.github.advent.segmentation.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.checkpoint.NetworkCheckpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.KeyMap;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.entropy.weights.WeightImport;
import io.github.advent.entropy.weights.WeightImporter;
import io.github.advent.entropy.weights.WeightLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weights into and out of a {@link DeepLabV2}: PyTorch files of the three layouts DeepLab-V2 users have,
 * and advent checkpoints.
 *
 * <p>{@link #importFile} reads a PyTorch {@code .pth} (zip or legacy), {@code .npz} or {@code .safetensors}
 * file (format from its content, {@link WeightFiles#read}) and recognises the {@link Layout} from its keys:
 * <ul>
 *   <li>{@link Layout#ADVENT} — ADVENT's released checkpoints ({@code gta2cityscapes_advent.pth}, …): the
 *       network's plain state-dict keys, both heads included;
 *   <li>{@link Layout#DEEPLAB_IMAGENET} — {@code DeepLab_resnet_pretrained_imagenet.pth}: every key under one
 *       extra leading component ({@code Scale.}), which is dropped; its {@code layer5} (an old classifier)
 *       is skipped; both heads keep their initialisation;
 *   <li>{@link Layout#TORCHVISION} — torchvision's ImageNet ResNet ({@code resnet101-*.pth},
 *       {@code resnet50-*.pth}): same keys as the backbone, {@code fc.*} skipped, heads keep their
 *       initialisation. <b>What that means for a user</b>: torchvision's ResNet ("v1.5") puts a stage's
 *       stride on the 3x3 convolution, DeepLab's (caffe ResNet, "v1") on the first 1x1. The tensors have the
 *       same shapes, so they load, but layer2's first block was trained for the other placement, and
 *       torchvision's weights expect RGB input scaled to [0, 1] and standardised, while ADVENT feeds BGR
 *       with the mean subtracted and no scaling (BN's batch statistics absorb the scale during training, not
 *       the channel order). The network is sound and trains, but its starting features differ from the
 *       original DeepLab ImageNet initialisation: expect a small accuracy difference from the paper's
 *       numbers. Use {@code DeepLab_resnet_pretrained_imagenet.pth} to reproduce ADVENT.
 * </ul>
 * A single extra leading component (DataParallel's {@code module.}, a flattened {@code state_dict.}) is
 * dropped whatever the layout. Rules, in this order: any {@code fc.*} key → torchvision; any {@code layer6.*}
 * key → ADVENT; otherwise → DeepLab ImageNet (a backbone-only file). {@code num_batches_tracked} is always
 * accepted and ignored, never required. float16 tensors are widened to float32.
 *
 * <p>Every missing, unexpected and mis-shaped key is listed in the returned {@link WeightImport}; with
 * {@code strict} any of them is a {@link BadInputException} naming the file, thrown before anything is
 * copied. A file none of whose tensors fits the network is refused even when not strict.
 *
 * <p>{@link #writeCheckpoint} and {@link #loadCheckpoint} store and restore the network as an advent
 * checkpoint (kind {@value #KIND}, tensors {@code network.<state-dict key>}, architecture and class count in
 * the header, see {@link DeepLabConfig#architecture()}); {@link #restore} accepts either kind of file.
 */
public final class DeepLabWeights {
    /** The checkpoint kind written by {@link #writeCheckpoint}. */
    public static final String KIND = NetworkCheckpoints.KIND;

    private DeepLabWeights() {}

    /** Where a weight file comes from, as told by its keys. */
    public enum Layout implements WeightLayout {
        /** ADVENT's segmentation checkpoints: plain keys, both heads. */
        ADVENT("ADVENT DeepLab-V2 checkpoint"),
        /** {@code DeepLab_resnet_pretrained_imagenet.pth}: prefixed keys, old {@code layer5} skipped. */
        DEEPLAB_IMAGENET("DeepLab ImageNet initialisation"),
        /** torchvision's ImageNet ResNet: {@code fc.*} skipped. */
        TORCHVISION("torchvision ImageNet ResNet"),
        /** an advent checkpoint ({@link #loadCheckpoint}). */
        CHECKPOINT("advent checkpoint");

        private final String description;

        Layout(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }

        /** Whether files of this layout carry the classifier heads. */
        public boolean hasHeads() {
            return this == ADVENT || this == CHECKPOINT;
        }
    }

    /** Reads {@code file} and imports it into {@code network}; see the class documentation. */
    public static WeightImport importFile(Path file, DeepLabV2 network, boolean strict) {
        return importTensors(file, WeightFiles.read(file), network, strict);
    }

    /** The layout {@code keys} come from (after dropping a common leading component, if any). */
    public static Layout detectLayout(Iterable<String> keys) {
        List<String> list = new ArrayList<>();
        keys.forEach(list::add);
        return (Layout) WeightImporter.layoutOf(list, new DeepLabKeyMap(null));
    }

    /** The class count of the file's main head ({@code layer6}), if it has one (ADVENT checkpoints do; ImageNet files do not). */
    public static java.util.OptionalInt headClasses(Map<String, TensorData> tensors) {
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            if (entry.getKey().endsWith("layer6.conv2d_list.0.weight") && entry.getValue().shape().length == 4) {
                return java.util.OptionalInt.of(Math.toIntExact(entry.getValue().shape()[0]));
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** Imports {@code tensors} (read from {@code file}, which only names the source in messages) into {@code network}. */
    public static WeightImport importTensors(Path file, Map<String, TensorData> tensors, DeepLabV2 network,
            boolean strict) {
        return WeightImporter.importTensors(file, tensors, network.stateDict(), new DeepLabKeyMap(network.config()), strict);
    }

    /**
     * Writes {@code network} as an advent checkpoint of kind {@value #KIND} (atomically), with its identity
     * and {@code command} in the header.
     */
    public static void writeCheckpoint(Path file, DeepLabV2 network, String command) {
        NetworkCheckpoints.write(file, network.config().identity(), network, command);
    }

    /**
     * Loads the {@code network.*} tensors of an advent checkpoint (a weights file, or a training run's
     * checkpoint) into {@code network}; the checkpoint must be of the network's architecture and class count
     * and hold exactly its tensors.
     */
    public static void loadCheckpoint(Path file, DeepLabV2 network) {
        NetworkCheckpoints.load(file, network.config().identity(), network);
    }

    /** A network of the architecture and class count that the advent checkpoint {@code file} declares, loaded from it. */
    public static DeepLabV2 fromCheckpoint(NDManager manager, Path file) {
        DeepLabConfig config = NetworkCheckpoints.configOf(file, DeepLabConfig::of, "a DeepLab-V2 network");
        DeepLabV2 network = new DeepLabV2(config, new SplitMix64(0));
        network.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, 512, 1024));
        loadCheckpoint(file, network);
        return network;
    }

    /**
     * Loads {@code file} into {@code network} whatever it is: an advent checkpoint ({@link #loadCheckpoint},
     * always strict) or a PyTorch / npz / safetensors weight file ({@link #importFile}).
     */
    public static WeightImport restore(Path file, DeepLabV2 network, boolean strict) {
        return WeightImporter.restore(file, network, network.config().identity(), network.stateDict(),
                new DeepLabKeyMap(network.config()), strict);
    }

    /** Whether {@code file} is a safetensors file with advent's checkpoint header. */
    public static boolean isAdventCheckpoint(Path file) {
        return NetworkCheckpoints.isAdventCheckpoint(file);
    }

    /** The leading component shared by every key when none of them starts with a DeepLab / ResNet root; else "". */
    static String commonExtraPrefix(List<String> keys) {
        return WeightImporter.commonExtraPrefix(keys, new DeepLabKeyMap(null));
    }

    /** DeepLab-V2's part of an import: its layouts and roots; file keys are the network's own. */
    private record DeepLabKeyMap(DeepLabConfig config) implements KeyMap {
        private static final Set<String> ROOTS =
                Set.of("conv1", "bn1", "layer1", "layer2", "layer3", "layer4", "layer5", "layer6", "fc");

        @Override
        public boolean isRoot(String firstComponent) {
            return ROOTS.contains(firstComponent);
        }

        @Override
        public WeightLayout layoutOf(Collection<String> plainKeys) {
            boolean heads = false;
            for (String key : plainKeys) {
                if (key.startsWith("fc.")) {
                    return Layout.TORCHVISION;
                }
                heads |= key.startsWith("layer6.");
            }
            return heads ? Layout.ADVENT : Layout.DEEPLAB_IMAGENET;
        }

        @Override
        public Target map(WeightLayout layout, String plainKey, TensorData tensor, Map<String, Parameter> model) {
            String root = plainKey.substring(0, Math.max(0, plainKey.indexOf('.')));
            if ((layout == Layout.TORCHVISION && root.equals("fc")) || (layout == Layout.DEEPLAB_IMAGENET && root.equals("layer5"))) {
                return Target.ignored();
            }
            return Target.copy(plainKey, tensor);
        }

        @Override
        public boolean keepsInitialisation(WeightLayout layout, String networkKey) {
            return !((Layout) layout).hasHeads() && DeepLabV2.isHeadKey(networkKey);
        }

        @Override
        public WeightLayout checkpointLayout() {
            return Layout.CHECKPOINT;
        }

        @Override
        public String describeNetwork() {
            return "DeepLab-V2 '" + config.architecture() + "' with " + config.numClasses() + " classes";
        }
    }
}
