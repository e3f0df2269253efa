package io.github.advent.entropy.checkpoint;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.weights.SafetensorsStream;
import io.github.advent.entropy.weights.WeightFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A network's weights as an advent checkpoint, whatever the network: the {@code network.*} tensors
 * of a weights file (kind {@value #KIND}) or of a training run's checkpoint, checked against the
 * network's identity (architecture and class count). DeepLab-V2 and SSD-300 both store theirs so.
 */
public final class NetworkCheckpoints {
    /** The kind of a file that holds a network's weights only (a run checkpoint's kind is {@code run}). */
    public static final String KIND = "weights";

    private NetworkCheckpoints() {}

    /** Writes {@code network} atomically as kind {@value #KIND}, with its identity and {@code command} in the header. */
    public static void write(Path file, ModelIdentity identity, Block network, String command) {
        write(file, identity, network, Provenance.current(command));
    }

    /** As above with a given provenance (e.g. {@link Provenance#undated()}, for a file that must be reproducible byte for byte). */
    public static void write(Path file, ModelIdentity identity, Block network, Provenance provenance) {
        Map<String, String> header = Checkpoints.header(identity, KIND, provenance);
        Checkpoints.write(file, header, Checkpoints.entries(Checkpoints.NETWORK, network));
    }

    /**
     * Loads the {@code network.*} tensors of an advent checkpoint (weights or run) into {@code network}; the
     * checkpoint must be of {@code identity} and hold exactly the network's tensors.
     */
    public static void load(Path file, ModelIdentity identity, Block network) {
        // one tensor at a time (SafetensorsStream): the whole file on the Java heap would stay resident
        try (SafetensorsStream stream = SafetensorsStream.open(file)) {
            Checkpoints.check(file, stream.metadata(), identity);
            Map<String, Parameter> parameters = Checkpoints.requireFit(file, Checkpoints.NETWORK,
                    Checkpoints.withPrefix(stream.shapes(), Checkpoints.NETWORK), network);
            stream.verifyChecksum();
            String prefix = Checkpoints.NETWORK + ".";
            GradMode.noGrad(() -> stream.forEach((name, tensor) -> {
                if (name.startsWith(prefix)) {
                    Checkpoints.assign(parameters.get(name.substring(prefix.length())).getArray(), tensor);
                }
            }));
        }
    }

    /**
     * The network configuration an advent checkpoint declares, parsed by {@code parse}; a checkpoint of another
     * network ({@code parse} refuses its identity) is bad input saying so, e.g. "not an SSD network".
     */
    public static <C> C configOf(Path file, java.util.function.Function<ModelIdentity, C> parse, String network) {
        ModelIdentity identity = Checkpoints.identity(file);
        try {
            return parse.apply(identity);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "checkpoint is for " + identity + ", not " + network);
        }
    }

    /** Whether {@code file} is a safetensors file with advent's checkpoint header (false for anything else). */
    public static boolean isAdventCheckpoint(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(9); // safetensors: an 8-byte header length, then '{'
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read the first 9 bytes, or what there is
            }
            if (head.position() < 9 || head.get(8) != '{') {
                return false;
            }
        } catch (IOException e) {
            return false; // the importers report the problem
        }
        try {
            return Checkpoints.FORMAT.equals(WeightFiles.readSafetensorsMetadata(file).get(Checkpoints.Keys.FORMAT));
        } catch (BadInputException e) {
            return false;
        }
    }
}
