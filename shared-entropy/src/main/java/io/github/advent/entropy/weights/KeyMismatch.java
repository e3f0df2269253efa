package io.github.advent.entropy.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A state-dict key whose tensor in a weight file does not fit the model: what the file holds and what
 * the model needs, e.g. {@code float32 [19, 2048, 3, 3]}. Also the wording every weight importer
 * (DeepLab-V2, SSD-300) uses for its missing, unexpected and mis-shaped keys.
 */
public record KeyMismatch(String key, String found, String expected) {
    @Override
    public String toString() {
        return "'" + key + "' is " + found + " in the file, " + expected + " in the model";
    }

    /** A tensor's type and shape as the messages print them: {@code float32 [3, 4]}. */
    public static String tensor(String type, long[] shape) {
        return type + " " + Arrays.toString(shape);
    }

    /** The problems of an import, one clause each, names listed (at most {@code limit} per kind); "" when none. */
    public static String problems(List<String> missing, List<String> unexpected, List<KeyMismatch> misShaped, int limit) {
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " missing: " + names(missing, limit));
        }
        if (!unexpected.isEmpty()) {
            parts.add(unexpected.size() + " unexpected: " + names(unexpected, limit));
        }
        if (!misShaped.isEmpty()) {
            parts.add(misShaped.size() + " mis-shaped: " + names(misShaped.stream().map(KeyMismatch::toString).toList(), limit));
        }
        return String.join("; ", parts);
    }

    private static String names(List<String> names, int limit) {
        String shown = names.stream().limit(limit).collect(Collectors.joining(", "));
        return names.size() > limit ? shown + " and " + (names.size() - limit) + " more" : shown;
    }
}
