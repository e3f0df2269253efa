package io.github.advent.detection.data;

import io.github.advent.entropy.data.DatasetContent;
import io.github.advent.entropy.data.DatasetReader;
import io.github.advent.entropy.data.DatasetReaders;
import io.github.advent.entropy.data.DatasetRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The detection readers of the built-in datasets, registered in the shared {@link DatasetRegistry}
 * (META-INF/services), and the detection face of that registry: a typo gives "unknown dataset 'cityscape';
 * known: ...". A new dataset is a class with its own {@link DatasetReaders}; nothing here changes.
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
public final class DetectionDatasets implements DatasetReaders {
    private static final Set<String> COMMON = Set.of("list", "min-size");
    private static final Set<DatasetContent> WITH_BOXES = Set.of(DatasetContent.IMAGES, DatasetContent.BOXES);

    /** The official splits of Cityscapes-style releases (Cityscapes also has its coarse train_extra images). */
    private static final List<String> SPLITS = List.of("train", "val", "test");
    private static final List<String> CITYSCAPES_SPLITS = List.of("train", "val", "test", "train_extra");

    /** Found by {@link java.util.ServiceLoader} (META-INF/services); use the static methods. */
    public DetectionDatasets() {}

    @Override
    public List<DatasetReader<?>> readers() {
        return List.of(
                reader("cityscapes", Set.of("split", "boxes", "labelled"), CITYSCAPES_SPLITS,
                        "leftImg8bit/{split}/{city}/..., gtFine/{split}/{city}/...", CityscapesDetectionDataset::open),
                reader("foggy-cityscapes", Set.of("split", "beta", "boxes", "labelled"), SPLITS,
                        "leftImg8bit_foggy/{split}/{city}/..._beta_{beta}.png, gtFine/...", FoggyCityscapesDetectionDataset::open),
                reader("coco", Set.of("annotations", "classes"), List.of(), "the images; annotations=FILE names the COCO JSON",
                        CocoJsonDetectionDataset::open),
                reader("folder", Set.of("annotations", "classes", "labelled"), List.of(),
                        "any images (a target), or with annotations=FILE the COCO reader", FolderDetectionDataset::open));
    }

    /** A reader that checks {@code key=value} options against the common keys and {@code own}, then opens with typed {@link DetectionOptions}. */
    public static DatasetReader<DetectionDataset> reader(String kind, Set<String> own, List<String> splits, String layout,
            BiFunction<Path, DetectionOptions, DetectionDataset> opener) {
        Set<String> keys = new TreeSet<>(COMMON);
        keys.addAll(own);
        return DatasetReader.typed(kind, DetectionDataset.class, WITH_BOXES, DetectionOptions.TABLE, keys, splits, layout, opener);
    }

    /** The kind names with a detection reader, in registration order. */
    public static List<String> kinds() {
        return DatasetRegistry.kindsProviding(DetectionDataset.class, DatasetContent.IMAGES);
    }

    /** The detection reader of {@code name}. @throws IllegalArgumentException "unknown dataset 'x'; known: ..." */
    public static DatasetReader<DetectionDataset> kind(String name) {
        return DatasetRegistry.require(name, DetectionDataset.class, DatasetContent.IMAGES, "a detection dataset");
    }

    /**
     * {@code options} with {@code labelled} set, for kinds whose reader takes it (a COCO set is always labelled):
     * how a command opens a source or evaluation set (true) or a target (false).
     */
    public static Map<String, String> withLabelled(String kind, Map<String, String> options, boolean labelled) {
        Map<String, String> result = new java.util.LinkedHashMap<>(options);
        if (kind(kind).optionKeys().contains("labelled")) {
            result.put("labelled", Boolean.toString(labelled));
        }
        return result;
    }

    /**
     * Opens {@code root} as a dataset of kind {@code kind}, with {@code key=value} options checked
     * against the kind's keys.
     *
     * @throws IllegalArgumentException for an unknown kind, option key or option value (a usage error)
     * @throws io.github.advent.entropy.io.BadInputException when the files do not hold that dataset
     */
    public static DetectionDataset open(String kind, Path root, Map<String, String> options) {
        return kind(kind).open(root, options);
    }
}
