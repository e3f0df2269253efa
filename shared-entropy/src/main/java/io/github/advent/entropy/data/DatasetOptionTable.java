package io.github.advent.entropy.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A task's typed dataset options, declared once: each {@code key=value} key with what it takes and how a value sets it
 * on the task's options record {@code O}. {@link #parse} turns a spec's strings into the record, answering a bad key
 * or value with one message naming the dataset and the option; {@link DatasetReader#typed} makes it a reader's
 * declaration. Segmentation's {@code DatasetOptions} and detection's {@code DetectionOptions} are two such tables.
 *
 * @param <O> the options record, immutable: each setter returns a changed copy
 */
public final class DatasetOptionTable<O> {
    /** Sets one option's value on a copy of {@code options}; a bad value is an IllegalArgumentException saying why. */
    @FunctionalInterface
    public interface Setter<O> {
        O apply(O options, String value);
    }

    private record Option<O>(String takes, Setter<O> setter) {}

    private final Supplier<O> defaults;
    private final Map<String, Option<O>> options = new LinkedHashMap<>();

    public DatasetOptionTable(Supplier<O> defaults) {
        this.defaults = defaults;
    }

    /** Declares {@code key}: what it takes (for messages and help) and how it is set. */
    public DatasetOptionTable<O> option(String key, String takes, Setter<O> setter) {
        if (options.putIfAbsent(key, new Option<>(takes, setter)) != null) {
            throw new IllegalArgumentException("option '" + key + "' declared twice");
        }
        return this;
    }

    /** Every key, in declaration order, with what it takes. */
    public Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        options.forEach((key, option) -> keys.put(key, option.takes()));
        return Collections.unmodifiableMap(keys);
    }

    /**
     * The options {@code values} give, starting from the defaults; only {@code allowed} keys are accepted.
     *
     * @throws IllegalArgumentException naming the kind, the key and what is wrong with it
     */
    public O parse(String kind, Map<String, String> values, Set<String> allowed) {
        O o = defaults.get();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            Option<O> option = options.get(key);
            if (!allowed.contains(key) || option == null) {
                throw new IllegalArgumentException("unknown option '" + key + "' for dataset '" + kind + "'; known: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "' needs a value ("
                        + option.takes() + ")");
            }
            try {
                o = option.setter().apply(o, value);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("dataset '" + kind + "': option '" + key + "': " + ex.getMessage(), ex);
            }
        }
        return o;
    }

    /** true / yes / 1 or false / no / 0. */
    public static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + value + "'");
        };
    }

    /** {@code no} (false) or {@code yes} (true), nothing else: e.g. size-mismatch=error|resize. */
    public static boolean choice(String value, String no, String yes) {
        if (value.equals(no) || value.equals(yes)) {
            return value.equals(yes);
        }
        throw new IllegalArgumentException("must be " + no + " or " + yes + ", got '" + value + "'");
    }

    public static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, got '" + value + "'");
        }
    }
}
