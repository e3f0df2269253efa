package io.github.advent.segmentation.data;

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
 * The segmentation readers of the built-in datasets, registered in the shared {@link DatasetRegistry}
 * (META-INF/services), and the segmentation face of that registry: a typo gives "unknown dataset
 * 'cityscape'; known: acdc, cityscapes, ...". A new dataset is a class with its own
 * {@link DatasetReaders}, listed in its jar's META-INF/services; nothing here changes.
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
public final class SegmentationDatasets implements DatasetReaders {
    private static final Set<String> COMMON = Set.of("size", "labelled", "list", "size-mismatch", "unpaired");
    private static final Set<DatasetContent> LABELLED = Set.of(DatasetContent.IMAGES, DatasetContent.SEGMENTATION_LABELS);

    /** The official splits of Cityscapes-style releases (Cityscapes also has its coarse train_extra images). */
    private static final List<String> SPLITS = List.of("train", "val", "test");
    private static final List<String> CITYSCAPES_SPLITS = List.of("train", "val", "test", "train_extra");

    /** Found by {@link java.util.ServiceLoader} (META-INF/services); use the static methods. */
    public SegmentationDatasets() {}

    @Override
    public List<DatasetReader<?>> readers() {
        return List.of(
                reader("gta5", Set.of(), List.of(), "images/NNNNN.png, labels/NNNNN.png", Gta5Dataset::open),
                reader("synthia", Set.of(), List.of(), "RGB/NNNNNNN.png, GT/LABELS/NNNNNNN.png", SynthiaDataset::open),
                reader("cityscapes", Set.of("split", "classes"), CITYSCAPES_SPLITS,
                        "leftImg8bit/{split}/{city}/..., gtFine/{split}/{city}/...", CityscapesDataset::open),
                reader("foggy-cityscapes", Set.of("split", "beta", "classes"), SPLITS,
                        "leftImg8bit_foggy/{split}/{city}/..._beta_{beta}.png, gtFine/...", FoggyCityscapesDataset::open),
                reader("acdc", Set.of("split", "condition"), SPLITS, "rgb_anon/{condition}/{split}/{sequence}/..., gt/...",
                        AcdcDataset::open),
                reader("dark-zurich", Set.of("split"), SPLITS, "rgb_anon/{split}/night/{sequence}/..., gt/...", DarkZurichDataset::open),
                reader("folder", Set.of("labels"), List.of(), "labelled: images/*, labels/*; unlabelled: any images", FolderDataset::open));
    }

    /**
     * A reader that checks {@code key=value} options against the common keys and {@code own}, then opens with
     * typed {@link DatasetOptions}: every built-in segmentation dataset, and a user's that wants the same options.
     */
    public static DatasetReader<SegmentationDataset> reader(String kind, Set<String> own, List<String> splits, String layout,
            BiFunction<Path, DatasetOptions, SegmentationDataset> opener) {
        Set<String> keys = new TreeSet<>(COMMON);
        keys.addAll(own);
        return DatasetReader.typed(kind, SegmentationDataset.class, LABELLED, DatasetOptions.TABLE, keys, splits, layout, opener);
    }

    /** The kind names with a segmentation reader, in registration order. */
    public static List<String> kinds() {
        return DatasetRegistry.kindsProviding(SegmentationDataset.class, DatasetContent.IMAGES);
    }

    /** The segmentation reader of {@code name}. @throws IllegalArgumentException "unknown dataset 'x'; known: ..." */
    public static DatasetReader<SegmentationDataset> kind(String name) {
        return DatasetRegistry.require(name, SegmentationDataset.class, DatasetContent.IMAGES, "a segmentation dataset");
    }

    /**
     * Opens {@code root} as a dataset of kind {@code kind}, with {@code key=value} options checked
     * against the kind's keys.
     *
     * @throws IllegalArgumentException for an unknown kind, option key or option value (a usage error)
     * @throws io.github.advent.entropy.io.BadInputException when the folders do not hold that dataset
     */
    public static SegmentationDataset open(String kind, Path root, Map<String, String> options) {
        return kind(kind).open(root, options);
    }
}
