package io.github.advent.entropy.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every kind of dataset both tasks can open, in one place: the readers of all {@link DatasetReaders} on the
 * class path (found once). A kind may have a reader per task type (Cityscapes opens as a segmentation and as a
 * detection dataset); which kinds fit a role follows from what their readers provide. Lists are sorted, so that
 * messages do not depend on the class path's order.
 */
public final class DatasetRegistry {
    private static volatile DatasetRegistry global;

    private final List<DatasetReader<?>> readers;

    private DatasetRegistry(List<DatasetReader<?>> readers) {
        this.readers = List.copyOf(readers);
    }

    /** The registry of every {@link DatasetReaders} on the class path. */
    public static DatasetRegistry global() {
        DatasetRegistry registry = global;
        if (registry == null) {
            synchronized (DatasetRegistry.class) {
                if (global == null) {
                    global = of(ServiceLoader.load(DatasetReaders.class, DatasetRegistry.class.getClassLoader()));
                }
                registry = global;
            }
        }
        return registry;
    }

    /** The registry of {@code modules}' readers; a kind registered twice for one type is an IllegalStateException. */
    static DatasetRegistry of(Iterable<DatasetReaders> modules) {
        List<DatasetReader<?>> all = new ArrayList<>();
        for (DatasetReaders module : modules) {
            for (DatasetReader<?> reader : module.readers()) {
                for (DatasetReader<?> known : all) {
                    if (known.kind().equals(reader.kind()) && known.type().equals(reader.type())) {
                        throw new IllegalStateException("dataset kind '" + reader.kind() + "' is registered twice for "
                                + reader.type().getSimpleName() + " (by " + module.getClass().getName() + ")");
                    }
                }
                all.add(reader);
            }
        }
        return new DatasetRegistry(all);
    }

    /** The kind names, sorted. */
    public Set<String> kindNames() {
        Set<String> names = new TreeSet<>();
        readers.forEach(r -> names.add(r.kind()));
        return names;
    }

    /** The option keys of {@code kind} over all its readers, sorted. */
    public Set<String> keysOf(String kind) {
        Set<String> keys = new TreeSet<>();
        readers.stream().filter(r -> r.kind().equals(kind)).forEach(r -> keys.addAll(r.optionKeys()));
        return keys;
    }

    /** The splits of {@code kind} over all its readers, in their declared order (empty: no splits). */
    public List<String> splitsOf(String kind) {
        List<String> splits = new ArrayList<>();
        readers.stream().filter(r -> r.kind().equals(kind)).flatMap(r -> r.splits().stream())
                .filter(split -> !splits.contains(split)).forEach(splits::add);
        return splits;
    }

    /** The reader of {@code kind} for {@code type}, if there is one. */
    @SuppressWarnings("unchecked")
    public <D> Optional<DatasetReader<D>> readerOf(String kind, Class<D> type) {
        return readers.stream().filter(r -> r.kind().equals(kind) && r.type().equals(type))
                .map(r -> (DatasetReader<D>) r).findFirst();
    }

    /** The kinds with a reader for {@code type} that provides {@code content}, sorted. */
    public List<String> providing(Class<?> type, DatasetContent content) {
        return readers.stream().filter(r -> r.type().equals(type) && r.provides(content)).map(DatasetReader::kind)
                .distinct().sorted().toList();
    }

    /**
     * The reader of {@code kind} for {@code type} that provides {@code needed}; otherwise an
     * IllegalArgumentException saying what fits, e.g. "'gta5' cannot be a detection source (it provides no boxes
     * there); kinds that can: cityscapes, coco, foggy-cityscapes, folder".
     *
     * @param role what the dataset is to be, for the message (e.g. "a segmentation source")
     */
    public <D> DatasetReader<D> readerFor(String kind, Class<D> type, DatasetContent needed, String role) {
        Optional<DatasetReader<D>> reader = readerOf(kind, type);
        if (reader.isPresent() && reader.get().provides(needed)) {
            return reader.get();
        }
        if (!kindNames().contains(kind)) {
            throw new IllegalArgumentException("unknown dataset '" + kind + "'; known: " + String.join(", ", kindNames()));
        }
        throw new IllegalArgumentException("'" + kind + "' cannot be " + role + " (it provides no " + needed.description()
                + " there); kinds that can: " + String.join(", ", providing(type, needed)));
    }

    // the global registry's answers, for brevity at the call sites

    public static Set<String> kinds() {
        return global().kindNames();
    }

    public static boolean isKind(String kind) {
        return global().kindNames().contains(kind);
    }

    public static Set<String> optionKeys(String kind) {
        return global().keysOf(kind);
    }

    public static List<String> splits(String kind) {
        return global().splitsOf(kind);
    }

    public static List<String> kindsProviding(Class<?> type, DatasetContent content) {
        return global().providing(type, content);
    }

    public static <D> DatasetReader<D> require(String kind, Class<D> type, DatasetContent needed, String role) {
        return global().readerFor(kind, type, needed, role);
    }

    /** Opens {@code root} as {@code kind} for {@code type}; an unknown kind, or one without such a reader, is an IllegalArgumentException. */
    public static <D> D open(String kind, Class<D> type, Path root, Map<String, String> options) {
        return require(kind, type, DatasetContent.IMAGES, "opened as " + type.getSimpleName()).open(root, options);
    }
}
