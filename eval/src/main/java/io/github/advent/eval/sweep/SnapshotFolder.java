package io.github.advent.eval.sweep;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snapshots of a run: {@code iter_NNNNNN.safetensors} files (as the training run writes them,
 * atomically) in a folder, RUN/snapshots or the run folder itself.
 */
public final class SnapshotFolder {
    /** A snapshot's file name; group 1 is the iteration. */
    public static final Pattern NAME = Pattern.compile("iter_(\\d+)\\.safetensors");

    private SnapshotFolder() {}

    /** {@code dir/snapshots} when {@code dir} is a run folder holding one, else {@code dir}. */
    public static Path resolve(Path dir) {
        Path inner = dir.resolve("snapshots");
        return Files.isDirectory(inner) ? inner : dir;
    }

    /** The snapshots in {@code dir}, by iteration; none is fine (a run that has not written one yet). */
    public static List<Snapshot> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, Files.exists(dir) ? "not a folder" : "no such folder");
        }
        List<Snapshot> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f)) {
                    try {
                        out.add(new Snapshot(f, Long.parseLong(m.group(1))));
                    } catch (NumberFormatException e) {
                        throw new BadInputException(f, "iteration number too large");
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(Snapshot::iteration));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).iteration() == out.get(i - 1).iteration()) {
                throw new BadInputException(out.get(i).file(), "the same iteration as " + out.get(i - 1).file());
            }
        }
        return out;
    }
}
