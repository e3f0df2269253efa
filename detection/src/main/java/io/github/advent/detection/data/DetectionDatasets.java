package io.github.advent.detection.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Opens a detection dataset by kind name, from an explicit table (no reflection): a typo gives
 * "unknown dataset 'cityscape'; known: cityscapes, foggy-cityscapes, coco, folder".
 *
 * <table>
 * <caption>Kinds and their option keys</caption>
 * <tr><th>kind</th><th>layout under ROOT</th><th>options</th></tr>
 * <tr><td>cityscapes</td><td>leftImg8bit/{split}/{city}/..., gtFine/{split}/{city}/...</td>
 *     <td>split, list, boxes, min-size, labelled</td></tr>
 * <tr><td>foggy-cityscapes</td><td>leftImg8bit_foggy/{split}/{city}/..._beta_{beta}.png, gtFine/...</td>
 *     <td>split, beta, list, boxes, min-size, labelled</td></tr>
 * <tr><td>coco</td><td>the images; annotations=FILE names the COCO JSON</td><td>annotations, classes, list, min-size</td></tr>
 * <tr><td>folder</td><td>every image at any depth (unlabelled target), or with annotations=FILE the coco reader</td>
 *     <td>annotations, classes, list, min-size, labelled</td></tr>
 * </table>
 */
public final class DetectionDatasets {
    private static final Set<String> COMMON = Set.of("list", "min-size");

    /** One openable kind. */
    public record Kind(String name, Set<String> optionKeys, BiFunction<Path, DetectionOptions, DetectionDataset> opener) {}

    private static final Map<String, Kind> KINDS;

    static {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        add(kinds, "cityscapes", Set.of("split", "boxes", "labelled"), CityscapesDetectionDataset::open);
        add(kinds, "foggy-cityscapes", Set.of("split", "beta", "boxes", "labelled"), FoggyCityscapesDetectionDataset::open);
        add(kinds, "coco", Set.of("annotations", "classes"), CocoJsonDetectionDataset::open);
        add(kinds, "folder", Set.of("annotations", "classes", "labelled"), FolderDetectionDataset::open);
        KINDS = Collections.unmodifiableMap(kinds);
    }

    private DetectionDatasets() {}

    private static void add(Map<String, Kind> kinds, String name, Set<String> own,
            BiFunction<Path, DetectionOptions, DetectionDataset> opener) {
        Set<String> keys = new TreeSet<>(COMMON);
        keys.addAll(own);
        kinds.put(name, new Kind(name, Collections.unmodifiableSet(keys), opener));
    }

    /** The kind names, in table order. */
    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /** The kind with that name. @throws IllegalArgumentException "unknown dataset 'x'; known: ..." */
    public static Kind kind(String name) {
        Kind kind = KINDS.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }

    /**
     * Opens {@code root} as a dataset of kind {@code kind}, with {@code key=value} options checked
     * against the kind's keys.
     *
     * @throws IllegalArgumentException for an unknown kind, option key or option value (a usage error)
     * @throws io.github.advent.entropy.io.BadInputException when the files do not hold that dataset
     */
    public static DetectionDataset open(String kind, Path root, Map<String, String> options) {
        Kind k = kind(kind);
        return k.opener().apply(root, DetectionOptions.parse(kind, options, k.optionKeys()));
    }

    /** Opens with typed options (options a kind does not use are ignored). */
    public static DetectionDataset open(String kind, Path root, DetectionOptions options) {
        return kind(kind).opener().apply(root, options);
    }
}
