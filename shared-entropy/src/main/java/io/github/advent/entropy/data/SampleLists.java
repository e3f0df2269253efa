package io.github.advent.entropy.data;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * File lists that pick a dataset's samples, one per line, in ADVENT's {@code *_list/*.txt} style:
 * bare names, file names or {@code city/file} paths; blank lines and {@code #} comments are skipped.
 * A name that is not in the dataset, or is listed twice, is refused with its line number.
 */
public final class SampleLists {
    private SampleLists() {}

    /** A meaningful line of a file list, numbered from 1. */
    public record Line(int number, String text) {}

    /** The meaningful lines of {@code list}. */
    public static List<Line> read(Path list) {
        List<String> lines;
        try {
            if (Files.isDirectory(list)) {
                throw new BadInputException(list, "is a folder, expected a file list (one sample name per line)");
            }
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(list, "missing file list");
        } catch (IOException e) {
            throw new BadInputException(list, "cannot read the file list: " + e.getMessage(), e);
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                out.add(new Line(i + 1, text));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(list, "the file list names no sample");
        }
        return out;
    }

    /**
     * The sample names of {@code list}, in its order, each resolved by {@code toName} (which strips
     * folders and known suffixes) and required to be a key of {@code available}.
     *
     * @param lookedIn where the samples were looked for, for the message
     */
    public static List<String> names(Path list, Map<String, ?> available, Function<String, String> toName, Path lookedIn) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Line line : read(list)) {
            String name = toName.apply(line.text());
            if (!available.containsKey(name)) {
                throw new BadInputException(list, "line " + line.number() + ": no image '" + line.text() + "' (sample '" + name
                        + "') in " + lookedIn);
            }
            Integer before = firstLine.putIfAbsent(name, line.number());
            if (before != null) {
                throw new BadInputException(list, "line " + line.number() + ": '" + name + "' is listed twice (first on line "
                        + before + ")");
            }
            names.add(name);
        }
        return names;
    }
}
