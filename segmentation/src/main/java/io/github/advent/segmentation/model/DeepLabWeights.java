package io.github.advent.segmentation.model;

import io.github.advent.entropy.weights.KeyMismatch;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.checkpoint.NetworkCheckpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    private static final String NUM_BATCHES_TRACKED = ".num_batches_tracked";
    private static final Set<String> ROOTS =
            Set.of("conv1", "bn1", "layer1", "layer2", "layer3", "layer4", "layer5", "layer6", "fc");

    private DeepLabWeights() {}

    /** Where a weight file comes from, as told by its keys. */
    public enum Layout {
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
        String prefix = commonExtraPrefix(list);
        return layoutOf(prefix.isEmpty() ? list : list.stream().map(k -> k.substring(prefix.length() + 1)).toList());
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
        List<String> fileKeys = new ArrayList<>(tensors.keySet());
        String prefix = commonExtraPrefix(fileKeys);
        Map<String, String> plainToFile = new LinkedHashMap<>();
        for (String key : fileKeys) {
            plainToFile.put(prefix.isEmpty() ? key : key.substring(prefix.length() + 1), key);
        }
        Layout layout = layoutOf(plainToFile.keySet());
        Map<String, Parameter> model = network.stateDict();

        List<String> loaded = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<KeyMismatch> misShaped = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, TensorData> toCopy = new LinkedHashMap<>();
        plainToFile.forEach((plain, original) -> {
            String root = plain.substring(0, Math.max(0, plain.indexOf('.')));
            if (plain.endsWith(NUM_BATCHES_TRACKED)
                    || (layout == Layout.TORCHVISION && root.equals("fc"))
                    || (layout == Layout.DEEPLAB_IMAGENET && root.equals("layer5"))) {
                ignored.add(original);
                return;
            }
            Parameter parameter = model.get(plain);
            if (parameter == null) {
                unexpected.add(original);
                return;
            }
            TensorData tensor = tensors.get(original);
            long[] expected = parameter.getShape().getShape();
            boolean floating = tensor.type() == TensorType.FLOAT32 || tensor.type() == TensorType.FLOAT16;
            if (!floating || !Arrays.equals(tensor.shape(), expected)) {
                misShaped.add(new KeyMismatch(plain, KeyMismatch.tensor(tensor.type().pythonName(),
                        tensor.shape()), KeyMismatch.tensor("float32", expected)));
                return;
            }
            toCopy.put(plain, tensor);
            loaded.add(plain);
        });
        List<String> missing = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> covered = new java.util.HashSet<>(loaded);
        misShaped.forEach(m -> covered.add(m.key()));
        for (String key : model.keySet()) {
            if (!covered.contains(key)) {
                (!layout.hasHeads() && DeepLabV2.isHeadKey(key) ? kept : missing).add(key);
            }
        }
        WeightImport result = new WeightImport(file, layout, prefix, loaded, missing, unexpected, misShaped, ignored, kept);
        String target = "DeepLab-V2 '" + network.config().architecture() + "' with " + network.config().numClasses()
                + " classes";
        if (loaded.isEmpty()) {
            throw new BadInputException(file, "no tensor fits " + target + " (" + tensors.size() + " tensors, "
                    + (fileKeys.isEmpty() ? "none" : "first '" + fileKeys.get(0) + "'") + "); "
                    + (result.isExact() ? "" : result.problems(5)));
        }
        if (strict && !result.isExact()) {
            throw new BadInputException(file, "weights (" + layout.description() + ") do not fit " + target + ": "
                    + result.problems(10));
        }
        GradMode.noGrad(() -> toCopy.forEach(
                (key, tensor) -> Assign.values(model.get(key).getArray(), tensor.toFloatArray())));
        return result;
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
        ModelIdentity identity = Checkpoints.identity(file);
        DeepLabConfig config;
        try {
            config = DeepLabConfig.of(identity);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "checkpoint is for " + identity + ", not a DeepLab-V2 network");
        }
        DeepLabV2 network = DeepLabV2.create(manager, config, new SplitMix64(0));
        loadCheckpoint(file, network);
        return network;
    }

    /**
     * Loads {@code file} into {@code network} whatever it is: an advent checkpoint ({@link #loadCheckpoint},
     * always strict) or a PyTorch / npz / safetensors weight file ({@link #importFile}).
     */
    public static WeightImport restore(Path file, DeepLabV2 network, boolean strict) {
        if (isAdventCheckpoint(file)) {
            loadCheckpoint(file, network);
            List<String> keys = new ArrayList<>(network.stateDict().keySet());
            return new WeightImport(file, Layout.CHECKPOINT, "", keys, List.of(), List.of(), List.of(), List.of(),
                    List.of());
        }
        return importFile(file, network, strict);
    }

    /** Whether {@code file} is a safetensors file with advent's checkpoint header. */
    public static boolean isAdventCheckpoint(Path file) {
        return NetworkCheckpoints.isAdventCheckpoint(file);
    }

    /** The leading component shared by every key when none of them starts with a DeepLab / ResNet root; else "". */
    static String commonExtraPrefix(List<String> keys) {
        String prefix = null;
        for (String key : keys) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                return "";
            }
            String first = key.substring(0, dot);
            if (ROOTS.contains(first) || (prefix != null && !prefix.equals(first))) {
                return "";
            }
            prefix = first;
        }
        return prefix == null ? "" : prefix;
    }

    private static Layout layoutOf(Iterable<String> plainKeys) {
        boolean heads = false;
        for (String key : plainKeys) {
            if (key.startsWith("fc.")) {
                return Layout.TORCHVISION;
            }
            heads |= key.startsWith("layer6.");
        }
        return heads ? Layout.ADVENT : Layout.DEEPLAB_IMAGENET;
    }
}
