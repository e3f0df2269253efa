package io.github.advent.tools;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * A checkpoint with its weight in an ensemble, written {@code PATH[:WEIGHT]} (e.g.
 * {@code runs/advent/snapshot-070000.safetensors:0.5}); the weight is 1 when left out. A suffix
 * after the last ':' that is not a number belongs to the path.
 */
public record WeightedCheckpoint(Path path, double weight) {

    public static WeightedCheckpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty checkpoint; write PATH or PATH:WEIGHT");
        }
        String path = text;
        double weight = 1.0;
        int colon = text.lastIndexOf(':');
        if (colon > 0 && colon < text.length() - 1) {
            String suffix = text.substring(colon + 1);
            if (suffix.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                weight = Double.parseDouble(suffix);
                path = text.substring(0, colon);
                if (!(weight > 0) || Double.isInfinite(weight)) {
                    throw new IllegalArgumentException("checkpoint weight must be a positive number, got '" + suffix
                            + "' in '" + text + "'");
                }
            }
        }
        try {
            return new WeightedCheckpoint(Path.of(path), weight);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("bad checkpoint path '" + path + "': " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return weight == 1.0 ? path.toString() : path + ":" + weight;
    }

    /** picocli converter: a malformed PATH[:WEIGHT] is a usage error (exit 2). */
    public static final class Converter implements ITypeConverter<WeightedCheckpoint> {
        @Override
        public WeightedCheckpoint convert(String value) {
            return Choices.convert(WeightedCheckpoint::parse, value);
        }
    }
}
