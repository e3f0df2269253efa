package io.github.advent.tools;

import io.github.advent.entropy.data.DatasetRef;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.ITypeConverter;

/**
 * A dataset named on the command line as {@code KIND=ROOT[,key=value...]}, e.g.
 * {@code foggy-cityscapes=/data/cityscapes,beta=0.02}. Only the form is checked here; whether
 * the root holds the dataset is for the reader (a {@code BadInputException}, exit 1).
 *
 * @param kind which dataset layout the root holds
 * @param root the dataset's root folder as given
 * @param options the options given after the root, in order, values canonicalised (e.g. beta 0.020 -> 0.02)
 */
public record DatasetSpec(DatasetKind kind, Path root, Map<String, String> options) {

    public DatasetSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(root, "root");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Parses {@code KIND=ROOT[,key=value...]}; every problem is an {@link IllegalArgumentException} with a one-line message. */
    public static DatasetSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty dataset; write KIND=ROOT, e.g. cityscapes=/data/cityscapes (kinds: "
                    + DatasetKind.known() + ")");
        }
        String[] parts = text.split(",", -1);
        String head = parts[0];
        int eq = head.indexOf('=');
        String kindName = eq < 0 ? head.strip() : head.substring(0, eq).strip();
        DatasetKind kind = DatasetKind.parse(kindName);
        if (eq < 0 || head.substring(eq + 1).isBlank()) {
            throw new IllegalArgumentException("dataset '" + kind + "' needs a root folder: write " + kind + "=ROOT");
        }
        Path root;
        try {
            root = Path.of(head.substring(eq + 1));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("dataset '" + kind + "': bad root '" + head.substring(eq + 1) + "': "
                    + e.getReason());
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int peq = part.indexOf('=');
            String key = (peq < 0 ? part : part.substring(0, peq)).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("dataset '" + kind + "': empty option in '" + text
                        + "'; write " + kind + "=ROOT,key=value");
            }
            if (peq < 0) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' needs a value: "
                        + key + "=VALUE");
            }
            String value = part.substring(peq + 1).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' has an empty value");
            }
            String canonical = kind.checkOption(key, value);
            if (options.putIfAbsent(key, canonical) != null) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' given twice");
            }
        }
        return new DatasetSpec(kind, root, options);
    }

    /**
     * Throws a usage error naming the first option that the reader of {@code task} does not take
     * ({@code keys}: that reader's option keys), e.g. {@code boxes=polygons} given to segmentation.
     */
    void requireKeys(AdventCommand command, String option, java.util.Set<String> keys, String task) {
        for (String key : options.keySet()) {
            if (!keys.contains(key)) {
                throw command.usageError(option + ": option '" + key + "' of dataset '" + kind + "' does not apply to "
                        + task + "; it takes " + String.join(", ", new java.util.TreeSet<>(
                                keys.stream().filter(kind.knownKeys()::contains).toList())));
            }
        }
    }

    /** The option's value as given, else the kind's default (e.g. beta 0.02), else {@code null}. */
    public String option(String key) {
        String value = options.get(key);
        return value != null ? value : kind.defaultOption(key);
    }

    /** The spec's options with {@code split} set, for kinds that have splits (a COCO set or a folder is read whole). */
    public Map<String, String> optionsWithSplit(String split) {
        Map<String, String> result = new LinkedHashMap<>(options);
        if (kind.knownKeys().contains("split")) {
            result.put("split", split);
        }
        return result;
    }

    /** The dataset as the tasks' training runs take it. */
    public DatasetRef reference() {
        return new DatasetRef(kind.cliName(), root, options);
    }

    /** The spec as it would be typed, for logs and provenance. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.cliName()).append('=').append(root);
        options.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
        return sb.toString();
    }

    /** picocli converter: a malformed spec is a usage error (exit 2). */
    public static final class Converter implements ITypeConverter<DatasetSpec> {
        @Override
        public DatasetSpec convert(String value) {
            return Choices.convert(DatasetSpec::parse, value);
        }
    }
}
