package io.github.advent.classification.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.checkpoint.NetworkCheckpoints;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.KeyMap;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.entropy.weights.WeightImport;
import io.github.advent.entropy.weights.WeightImporter;
import io.github.advent.entropy.weights.WeightLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Weights into and out of a {@link ResNet}: torchvision checkpoints ({@code resnet50-*.pth}; also {@code .npz} and
 * {@code .safetensors}, format from the content) and advent checkpoints.
 *
 * <p>torchvision's keys are the network's own. Its {@code fc} is copied when its shape fits the network's class
 * count (a classifier trained for these classes); otherwise (ImageNet's 1000 classes into a 31-class Office
 * network) it is skipped and {@code fc} keeps its initialisation, the usual fine-tuning start. A file without
 * {@code fc} (a backbone) leaves it initialised too. A DataParallel {@code module.} prefix is dropped and
 * {@code num_batches_tracked} ignored (shared {@link WeightImporter} rules).
 */
public final class ResNetWeights {
    private ResNetWeights() {}

    /** Where a weight file comes from, as told by its keys. */
    public enum Layout implements WeightLayout {
        TORCHVISION("torchvision ResNet"),
        BACKBONE("ResNet backbone without fc"),
        CHECKPOINT("advent checkpoint");

        private final String description;

        Layout(String description) {
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** Reads {@code file} and imports it into {@code network}. */
    public static WeightImport importFile(Path file, ResNet network, boolean strict) {
        return importTensors(file, WeightFiles.read(file), network, strict);
    }

    /** Imports {@code tensors} (read from {@code file}, which names the source in messages) into {@code network}. */
    public static WeightImport importTensors(Path file, Map<String, TensorData> tensors, ResNet network, boolean strict) {
        return WeightImporter.importTensors(file, tensors, network.stateDict(), new ResNetKeyMap(network.config()), strict);
    }

    /** An advent checkpoint or any weight file {@link #importFile} reads. */
    public static WeightImport restore(Path file, ResNet network, boolean strict) {
        return WeightImporter.restore(file, network, network.config().identity(), network.stateDict(),
                new ResNetKeyMap(network.config()), strict);
    }

    /** Writes {@code network} as an advent checkpoint (atomically). */
    public static void writeCheckpoint(Path file, ResNet network, String command) {
        NetworkCheckpoints.write(file, network.config().identity(), network, command);
    }

    /** A network of the architecture and class count the advent checkpoint {@code file} declares, loaded from it. */
    public static ResNet fromCheckpoint(NDManager manager, Path file) {
        ResNetConfig config = NetworkCheckpoints.configOf(file, ResNetConfig::of, "a ResNet classifier");
        ResNet network = new ResNet(config, new SplitMix64(0));
        network.allocateForLoading(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        NetworkCheckpoints.load(file, config.identity(), network);
        return network;
    }

    private record ResNetKeyMap(ResNetConfig config) implements KeyMap {
        private static final Set<String> ROOTS = Set.of("conv1", "bn1", "layer1", "layer2", "layer3", "layer4", "fc");

        @Override
        public boolean isRoot(String firstComponent) {
            return ROOTS.contains(firstComponent);
        }

        @Override
        public WeightLayout layoutOf(Collection<String> plainKeys) {
            return plainKeys.stream().anyMatch(key -> key.startsWith("fc.")) ? Layout.TORCHVISION : Layout.BACKBONE;
        }

        @Override
        public Target map(WeightLayout layout, String plainKey, TensorData tensor, Map<String, Parameter> model) {
            if (plainKey.startsWith("fc.")) {
                Parameter fc = model.get(plainKey);
                if (fc != null && !Arrays.equals(fc.getShape().getShape(), tensor.shape())) {
                    return Target.ignored(); // another class count: fine-tuning starts from a fresh classifier
                }
            }
            return Target.copy(plainKey, tensor);
        }

        @Override
        public boolean keepsInitialisation(WeightLayout layout, String networkKey) {
            return networkKey.startsWith("fc.");
        }

        @Override
        public WeightLayout checkpointLayout() {
            return Layout.CHECKPOINT;
        }

        @Override
        public String describeNetwork() {
            return "ResNet '" + config.architecture() + "' with " + config.numClasses() + " classes";
        }
    }
}
