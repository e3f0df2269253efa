package io.github.advent.entropy.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One way to open a kind of dataset as a task's dataset type {@code D} (e.g. a segmentation or a detection
 * dataset): what it provides, which {@code key=value} options it takes, and its layout in a line.
 *
 * @param kind the name a spec uses ({@code cityscapes} in {@code cityscapes=ROOT})
 * @param type the task's dataset type the opener returns
 * @param provides what it can give: images, and the task's labels where it has them
 * @param optionKeys every option key it takes
 * @param splits the values its {@code split} option takes, in their usual order (empty: it has no splits)
 * @param layout the files it reads under its root, for help texts
 * @param opener opens a root with options; a malformed value is an IllegalArgumentException (a usage error),
 *     files that do not hold the dataset a BadInputException
 */
public record DatasetReader<D>(String kind, Class<D> type, Set<DatasetContent> provides, Set<String> optionKeys,
        List<String> splits, String layout, Opener<D> opener) {

    /** Opens a root with {@code key=value} options. */
    @FunctionalInterface
    public interface Opener<D> {
        D open(Path root, Map<String, String> options);
    }

    public DatasetReader {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(opener, "opener");
        if (!kind.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("a dataset kind is lower-case letters, digits and '-': '" + kind + "'");
        }
        provides = Set.copyOf(provides);
        optionKeys = java.util.Collections.unmodifiableSet(new TreeSet<>(optionKeys));
        splits = List.copyOf(splits);
        if (!splits.isEmpty() && !optionKeys.contains("split")) {
            throw new IllegalArgumentException("dataset kind '" + kind + "' lists splits but takes no split option");
        }
        layout = layout == null ? "" : layout;
    }

    /**
     * A reader whose options are a task's typed table: {@code keys} (the table's keys this kind takes) are checked and
     * parsed into the task's options record before {@code opener} sees them.
     */
    public static <D, O> DatasetReader<D> typed(String kind, Class<D> type, Set<DatasetContent> provides,
            DatasetOptionTable<O> table, Set<String> keys, List<String> splits, String layout,
            java.util.function.BiFunction<Path, O, D> opener) {
        if (!table.keys().keySet().containsAll(keys)) {
            throw new IllegalArgumentException("dataset kind '" + kind + "' takes keys its task's options do not declare");
        }
        return new DatasetReader<>(kind, type, provides, keys, splits, layout,
                (root, options) -> opener.apply(root, table.parse(kind, options, keys)));
    }

    public boolean provides(DatasetContent content) {
        return provides.contains(content);
    }

    public D open(Path root, Map<String, String> options) {
        return opener.open(root, options);
    }
}
