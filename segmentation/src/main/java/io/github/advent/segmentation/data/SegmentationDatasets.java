package io.github.advent.segmentation.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Opens a segmentation dataset by kind name, from an explicit table (no reflection): a typo gives
 * "unknown dataset 'cityscape'; known: gta5, synthia, cityscapes, foggy-cityscapes, acdc, dark-zurich, folder".
 *
 * <table>
 * <caption>Kinds and their option keys</caption>
 * <tr><th>kind</th><th>layout under ROOT</th><th>options (besides size, labelled, list, size-mismatch, unpaired)</th></tr>
 * <tr><td>gta5</td><td>images/NNNNN.png, labels/NNNNN.png</td><td></td></tr>
 * <tr><td>synthia</td><td>RGB/NNNNNNN.png, GT/LABELS/NNNNNNN.png</td><td></td></tr>
 * <tr><td>cityscapes</td><td>leftImg8bit/{split}/{city}/..., gtFine/{split}/{city}/...</td><td>split, classes</td></tr>
 * <tr><td>foggy-cityscapes</td><td>leftImg8bit_foggy/{split}/{city}/..._beta_{beta}.png, gtFine/...</td><td>split, beta, classes</td></tr>
 * <tr><td>acdc</td><td>rgb_anon/{condition}/{split}/{sequence}/*_rgb_anon.png, gt/... *_gt_labelTrainIds.png</td>
 *     <td>split, condition (fog, night, rain, snow, all)</td></tr>
 * <tr><td>dark-zurich</td><td>rgb_anon/{split}/night/{sequence}/*_rgb_anon.png, gt/val/night/...</td><td>split</td></tr>
 * <tr><td>folder</td><td>labelled: images/*, labels/*; unlabelled: every image under images/ or ROOT, any depth</td>
 *     <td>labels (label map)</td></tr>
 * </table>
 */
public final class SegmentationDatasets {
    private static final Set<String> COMMON = Set.of("size", "labelled", "list", "size-mismatch", "unpaired");

    /** One openable kind. */
    public record Kind(String name, Set<String> optionKeys, BiFunction<Path, DatasetOptions, SegmentationDataset> opener) {}

    private static final Map<String, Kind> KINDS;

    static {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        add(kinds, "gta5", Set.of(), Gta5Dataset::open);
        add(kinds, "synthia", Set.of(), SynthiaDataset::open);
        add(kinds, "cityscapes", Set.of("split", "classes"), CityscapesDataset::open);
        add(kinds, "foggy-cityscapes", Set.of("split", "beta", "classes"), FoggyCityscapesDataset::open);
        add(kinds, "acdc", Set.of("split", "condition"), AcdcDataset::open);
        add(kinds, "dark-zurich", Set.of("split"), DarkZurichDataset::open);
        add(kinds, "folder", Set.of("labels"), FolderDataset::open);
        KINDS = Collections.unmodifiableMap(kinds);
    }

    private SegmentationDatasets() {}

    private static void add(Map<String, Kind> kinds, String name, Set<String> own,
            BiFunction<Path, DatasetOptions, SegmentationDataset> opener) {
        Set<String> keys = new java.util.TreeSet<>(COMMON);
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
     * @throws io.github.advent.entropy.io.BadInputException when the folders do not hold that dataset
     */
    public static SegmentationDataset open(String kind, Path root, Map<String, String> options) {
        Kind k = kind(kind);
        return k.opener().apply(root, DatasetOptions.parse(kind, options, k.optionKeys()));
    }

    /** Opens with typed options (options a kind does not use are ignored). */
    public static SegmentationDataset open(String kind, Path root, DatasetOptions options) {
        return kind(kind).opener().apply(root, options);
    }
}
