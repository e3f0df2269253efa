package io.github.advent.entropy.checkpoint;

import io.github.advent.entropy.io.Json;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.ops.Assign;
import io.github.advent.entropy.weights.SafetensorsFile;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * advent's checkpoint file: a safetensors file (readable by Python's {@code safetensors}) whose
 * metadata says what it holds. Tensor names are {@code <prefix>.<name>}: {@code network.*} for the
 * model, and in run checkpoints also {@code discriminator.<level>.*} and {@code optimizer.*}.
 * Files are written atomically and carry a CRC32 of their data.
 */
public final class Checkpoints {
    public static final String FORMAT = "advent-checkpoint";
    public static final String FORMAT_VERSION = "1";
    public static final String NETWORK = "network";

    static final Gson GSON = Json.COMPACT;

    private Checkpoints() {}

    /** Metadata keys every checkpoint carries. */
    public static final class Keys {
        public static final String FORMAT = "format";
        public static final String VERSION = "format_version";
        public static final String ARCHITECTURE = "architecture";
        public static final String CLASSES = "num_classes";
        public static final String KIND = "kind";
        public static final String PROVENANCE = "provenance";

        private Keys() {}
    }

    /** The metadata every checkpoint starts with. */
    public static Map<String, String> header(ModelIdentity identity, String kind, Provenance provenance) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Keys.FORMAT, FORMAT);
        metadata.put(Keys.VERSION, FORMAT_VERSION);
        metadata.put(Keys.KIND, kind);
        metadata.put(Keys.ARCHITECTURE, identity.architecture());
        metadata.put(Keys.CLASSES, Integer.toString(identity.numClasses()));
        metadata.put(Keys.PROVENANCE, GSON.toJson(provenance));
        return metadata;
    }

    /** Writes {@code entries} and {@code metadata} to {@code file} atomically. */
    public static void write(Path file, Map<String, String> metadata, List<TensorEntry> entries) {
        write(file, metadata, entries, temporary -> {});
    }

    /** As {@link #write(Path, Map, List)}, running {@code beforeRename} just before the atomic rename. */
    public static void write(Path file, Map<String, String> metadata, List<TensorEntry> entries,
            AtomicFiles.Writer beforeRename) {
        try {
            AtomicFiles.write(file, temporary -> SafetensorsWriter.write(temporary, metadata, entries), beforeRename);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint and checks that it is one of ours and of {@code expected} identity. */
    public static SafetensorsFile read(Path file, ModelIdentity expected) {
        SafetensorsFile contents = WeightFiles.readSafetensors(file);
        check(file, contents.metadata(), expected);
        return contents;
    }

    /** The identity a checkpoint declares, from its header alone. */
    public static ModelIdentity identity(Path file) {
        Map<String, String> metadata = WeightFiles.readSafetensorsMetadata(file);
        requireOurs(file, metadata);
        return identityOf(file, metadata);
    }

    static void check(Path file, Map<String, String> metadata, ModelIdentity expected) {
        requireOurs(file, metadata);
        ModelIdentity found = identityOf(file, metadata);
        if (!found.equals(expected)) {
            String what = found.architecture().equals(expected.architecture()) ? "class count" : "architecture";
            throw new CheckpointMismatchException(file, "checkpoint is for " + found + ", this model is " + expected
                    + " (another " + what + ")");
        }
    }

    private static void requireOurs(Path file, Map<String, String> metadata) {
        if (!FORMAT.equals(metadata.get(Keys.FORMAT))) {
            throw new BadInputException(file, "not an advent checkpoint (a safetensors file without format '" + FORMAT
                    + "'); convert weights with 'advent import-weights'");
        }
        if (!FORMAT_VERSION.equals(metadata.get(Keys.VERSION))) {
            throw new BadInputException(file, "checkpoint format version " + metadata.get(Keys.VERSION)
                    + " is not supported by this advent (version " + FORMAT_VERSION + ")");
        }
    }

    private static ModelIdentity identityOf(Path file, Map<String, String> metadata) {
        try {
            return new ModelIdentity(metadata.get(Keys.ARCHITECTURE), Integer.parseInt(metadata.get(Keys.CLASSES)));
        } catch (NumberFormatException | NullPointerException e) {
            throw new BadInputException(file, "checkpoint header lacks a valid architecture and class count");
        }
    }

    /** Entries for every parameter of {@code block} (weights, biases, batch-norm statistics), named {@code prefix.name}. */
    public static List<TensorEntry> entries(String prefix, Block block) {
        List<TensorEntry> entries = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            entries.add(entry(prefix + "." + p.getKey(), p.getValue().getArray()));
        }
        return entries;
    }

    /** An entry whose bytes are read from the array only when the writer reaches it. */
    public static TensorEntry entry(String name, NDArray array) {
        TensorType type = TensorType.of(array.getDataType()).orElseThrow(() -> new IllegalArgumentException(
                "cannot store '" + name + "' of type " + array.getDataType()));
        return new TensorEntry(name, type, array.getShape().getShape(),
                () -> array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The tensors under {@code prefix.}, with the prefix removed. */
    public static <T> Map<String, T> withPrefix(Map<String, T> tensors, String prefix) {
        Map<String, T> selected = new LinkedHashMap<>();
        String start = prefix + ".";
        tensors.forEach((name, tensor) -> {
            if (name.startsWith(start)) {
                selected.put(name.substring(start.length()), tensor);
            }
        });
        return selected;
    }

    /**
     * Copies {@code tensors} into the parameters of {@code block}: names and shapes must match
     * exactly; missing, unexpected and mis-shaped names are listed.
     */
    public static void load(Path file, String what, Map<String, TensorData> tensors, Block block) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        Map<String, Parameter> parameters = requireFit(file, what, shapes, block);
        tensors.forEach((name, tensor) -> assign(parameters.get(name).getArray(), tensor));
    }

    /**
     * The parameters of {@code block} by name, once tensors of these {@code shapes} are known to fit them exactly;
     * otherwise a {@link CheckpointMismatchException} listing missing, unexpected and mis-shaped names.
     */
    static Map<String, Parameter> requireFit(Path file, String what, Map<String, long[]> shapes, Block block) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.put(p.getKey(), p.getValue());
        }
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(parameters.keySet());
        missing.removeAll(shapes.keySet());
        TreeSet<String> unexpected = new TreeSet<>(shapes.keySet());
        unexpected.removeAll(parameters.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing " + names(missing));
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected " + names(unexpected));
        }
        shapes.forEach((name, shape) -> {
            Parameter parameter = parameters.get(name);
            if (parameter != null && !Arrays.equals(parameter.getArray().getShape().getShape(), shape)) {
                problems.add("'" + name + "' has shape " + Arrays.toString(shape) + ", the model "
                        + parameter.getArray().getShape());
            }
        });
        if (!problems.isEmpty()) {
            throw new CheckpointMismatchException(file, what + " does not fit: " + String.join("; ", problems));
        }
        return parameters;
    }

    /** Overwrites {@code target}'s values with {@code source}'s, converting float16 to the target's type. */
    static void assign(NDArray target, TensorData source) {
        try (NDArray loaded = source.toNDArray(target.getManager())) {
            Assign.values(target, loaded);
        }
    }

    private static String names(java.util.Collection<String> names) {
        String shown = names.stream().limit(5).collect(Collectors.joining(", "));
        return names.size() > 5 ? shown + " and " + (names.size() - 5) + " more" : shown;
    }
}
