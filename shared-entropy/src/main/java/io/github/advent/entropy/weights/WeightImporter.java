package io.github.advent.entropy.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.checkpoint.NetworkCheckpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.ops.Assign;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the tensors of a weight file into any network through its {@link KeyMap}: a single extra leading
 * key component shared by every key (DataParallel's {@code module.}, a flattened {@code state_dict.}) is
 * dropped; {@code num_batches_tracked} is always accepted and ignored, never required; float16 is widened.
 * Every missing, unexpected and mis-shaped key is listed in the returned {@link WeightImport}; with
 * {@code strict} any of them is a {@link BadInputException} naming the file, thrown before anything is
 * copied. A file none of whose tensors fits the network is refused even when not strict.
 */
public final class WeightImporter {
    private static final String NUM_BATCHES_TRACKED = ".num_batches_tracked";

    private WeightImporter() {}

    /** Imports {@code tensors} (read from {@code file}, which only names the source in messages) into the network {@code model}. */
    public static WeightImport importTensors(Path file, Map<String, TensorData> tensors, Map<String, Parameter> model,
            KeyMap keys, boolean strict) {
        List<String> fileKeys = new ArrayList<>(tensors.keySet());
        String prefix = commonExtraPrefix(fileKeys, keys);
        Map<String, String> plainToFile = new LinkedHashMap<>();
        for (String key : fileKeys) {
            plainToFile.put(prefix.isEmpty() ? key : key.substring(prefix.length() + 1), key);
        }
        WeightLayout layout = keys.layoutOf(plainToFile.keySet());
        keys.check(file, layout);

        List<String> loaded = new ArrayList<>();
        List<String> converted = new ArrayList<>();
        List<String> mapped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<KeyMismatch> misShaped = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, TensorData> toCopy = new LinkedHashMap<>();
        plainToFile.forEach((plain, original) -> {
            if (plain.endsWith(NUM_BATCHES_TRACKED)) {
                ignored.add(original);
                return;
            }
            KeyMap.Target target = keys.map(layout, plain, tensors.get(original), model);
            switch (target.kind()) {
                case IGNORED -> ignored.add(original);
                case UNEXPECTED -> unexpected.add(original);
                case MIS_SHAPED -> misShaped.add(target.mismatch());
                case COPY, CONVERTED, MAPPED -> {
                    Parameter parameter = model.get(target.key());
                    if (parameter == null) {
                        unexpected.add(original);
                        return;
                    }
                    TensorData tensor = target.tensor();
                    long[] expected = parameter.getShape().getShape();
                    if (!isFloat(tensor) || !Arrays.equals(tensor.shape(), expected)) {
                        misShaped.add(new KeyMismatch(target.key(), describe(tensor), KeyMismatch.tensor("float32", expected)));
                        return;
                    }
                    toCopy.put(target.key(), tensor);
                    loaded.add(target.key());
                    if (target.kind() == KeyMap.Target.Kind.CONVERTED) {
                        converted.add(target.key());
                    } else if (target.kind() == KeyMap.Target.Kind.MAPPED) {
                        mapped.add(target.key());
                    }
                }
            }
        });
        List<String> missing = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> covered = new HashSet<>(loaded);
        misShaped.forEach(m -> covered.add(m.key()));
        for (String key : model.keySet()) {
            if (!covered.contains(key)) {
                (keys.keepsInitialisation(layout, key) ? kept : missing).add(key);
            }
        }
        WeightImport result = new WeightImport(file, layout, prefix, loaded, converted, missing, unexpected, misShaped,
                ignored, kept, mapped.isEmpty() ? "" : keys.mappingDescription());
        if (loaded.isEmpty()) {
            throw new BadInputException(file, "no tensor fits " + keys.describeNetwork() + " (" + tensors.size() + " tensors, "
                    + (fileKeys.isEmpty() ? "none" : "first '" + fileKeys.get(0) + "'") + ")"
                    + (result.isExact() ? "" : "; " + result.problems(5)));
        }
        if (strict && !result.isExact()) {
            throw new BadInputException(file, "weights (" + layout.description() + ") do not fit " + keys.describeNetwork()
                    + ": " + result.problems(10));
        }
        GradMode.noGrad(() -> toCopy.forEach(
                (key, tensor) -> Assign.values(model.get(key).getArray(), tensor.toFloatArray())));
        return result;
    }

    /** The layout of {@code keys} (after dropping a common leading component, if any). */
    public static WeightLayout layoutOf(Collection<String> keys, KeyMap map) {
        List<String> list = new ArrayList<>(keys);
        String prefix = commonExtraPrefix(list, map);
        return map.layoutOf(prefix.isEmpty() ? list : list.stream().map(k -> k.substring(prefix.length() + 1)).toList());
    }

    /** The leading component shared by every key when none of them starts with a root of {@code map}; else "". */
    public static String commonExtraPrefix(List<String> keys, KeyMap map) {
        String prefix = null;
        for (String key : keys) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                return "";
            }
            String first = key.substring(0, dot);
            if (map.isRoot(first) || (prefix != null && !prefix.equals(first))) {
                return "";
            }
            prefix = first;
        }
        return prefix == null ? "" : prefix;
    }

    /**
     * Loads {@code file} into {@code network} whatever it is: an advent checkpoint of {@code identity} (always
     * strict: exactly the network's tensors) or a PyTorch / npz / safetensors weight file ({@link #importTensors}).
     */
    public static WeightImport restore(Path file, Block network, ModelIdentity identity, Map<String, Parameter> stateDict,
            KeyMap keys, boolean strict) {
        if (NetworkCheckpoints.isAdventCheckpoint(file)) {
            NetworkCheckpoints.load(file, identity, network);
            return WeightImport.wholeCheckpoint(file, keys.checkpointLayout(), new ArrayList<>(stateDict.keySet()));
        }
        return importTensors(file, WeightFiles.read(file), stateDict, keys, strict);
    }

    /** Whether {@code tensor} holds floats the network can take (float32 or float16). */
    public static boolean isFloat(TensorData tensor) {
        return tensor.type() == TensorType.FLOAT32 || tensor.type() == TensorType.FLOAT16;
    }

    /** A tensor's type and shape as the messages print them. */
    public static String describe(TensorData tensor) {
        return KeyMismatch.tensor(tensor.type().pythonName(), tensor.shape());
    }
}
