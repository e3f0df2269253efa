package io.github.advent.classification.data;

import io.github.advent.entropy.data.DatasetContent;
import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.DatasetReader;
import io.github.advent.entropy.data.DatasetReaders;
import io.github.advent.entropy.data.DatasetRegistry;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classification readers, registered in the shared {@link DatasetRegistry} through META-INF/services:
 *
 * <table>
 * <caption>Kinds and their options (besides size and labelled)</caption>
 * <tr><th>kind</th><th>layout under ROOT</th><th>options</th></tr>
 * <tr><td>image-folder</td><td>{@code <class>/<image>} (torchvision ImageFolder)</td><td></td></tr>
 * <tr><td>office-31</td><td>{@code <domain>/images/<class>/*.jpg}</td><td>domain (amazon, dslr, webcam)</td></tr>
 * <tr><td>visda-2017</td><td>{@code <split>/image_list.txt}, {@code <split>/<class>/*}</td><td>split (train, validation)</td></tr>
 * </table>
 */
public final class ClassificationDatasets implements DatasetReaders {
    /** What a labelled classification dataset gives beyond its images. */
    public static final DatasetContent CLASS_LABELS = DatasetContent.of("class labels");
    private static final Set<DatasetContent> LABELLED = Set.of(DatasetContent.IMAGES, CLASS_LABELS);

    /** Found by {@link java.util.ServiceLoader}; use the static methods. */
    public ClassificationDatasets() {}

    @Override
    public List<DatasetReader<?>> readers() {
        return List.of(
                reader("image-folder", Set.of(), List.of(), "<class>/<image>", ClassificationDatasets::imageFolder),
                reader("office-31", Set.of("domain"), List.of(), "<domain>/images/<class>/*.jpg", ClassificationDatasets::office),
                reader("visda-2017", Set.of("split"), ClassificationOptions.VISDA_SPLITS,
                        "<split>/image_list.txt, <split>/<class>/*", ClassificationDatasets::visda));
    }

    private static DatasetReader<ClassificationDataset> reader(String kind, Set<String> own, List<String> splits,
            String layout, java.util.function.BiFunction<Path, ClassificationOptions, ClassificationDataset> opener) {
        Set<String> keys = new java.util.TreeSet<>(Set.of("size", "labelled"));
        keys.addAll(own);
        return DatasetReader.typed(kind, ClassificationDataset.class, LABELLED, ClassificationOptions.TABLE, keys, splits,
                layout, opener);
    }

    static ClassificationDataset imageFolder(Path root, ClassificationOptions options) {
        DatasetFolders.requireRoot(root, "image folder");
        List<String> classes = ClassFolders.classes(root);
        return new ClassificationDataset("image folder " + root, classes,
                ClassFolders.entries(root, classes, options.labelled()), options.size());
    }

    static ClassificationDataset office(Path root, ClassificationOptions options) {
        if (options.domain() == null) {
            throw new IllegalArgumentException("dataset 'office-31': option 'domain' is required (amazon, dslr or webcam)");
        }
        DatasetFolders.requireRoot(root, "Office-31");
        Path images = DatasetFolders.requireFolder(root.resolve(options.domain()).resolve("images"),
                "Office-31's " + options.domain() + " images, one folder per class");
        List<String> classes = ClassFolders.classes(images);
        return new ClassificationDataset("Office-31 " + options.domain(), classes,
                ClassFolders.entries(images, classes, options.labelled()), options.size());
    }

    static ClassificationDataset visda(Path root, ClassificationOptions options) {
        DatasetFolders.requireRoot(root, "VisDA-2017");
        Path split = DatasetFolders.requireFolder(root.resolve(options.split()), "VisDA-2017's " + options.split() + " split");
        Path list = split.resolve("image_list.txt");
        if (!java.nio.file.Files.isRegularFile(list)) {
            throw new BadInputException(list, "missing: VisDA-2017 lists each split's images in image_list.txt");
        }
        return new ClassificationDataset("VisDA-2017 " + options.split(), VisdaList.CLASSES,
                VisdaList.read(list, split, options.labelled()), options.size());
    }

    /** The kind names with a classification reader, sorted. */
    public static List<String> kinds() {
        return DatasetRegistry.kindsProviding(ClassificationDataset.class, DatasetContent.IMAGES);
    }

    /** Opens {@code root} as {@code kind}; an unknown kind, key or value is an IllegalArgumentException. */
    public static ClassificationDataset open(String kind, Path root, Map<String, String> options) {
        return DatasetRegistry.require(kind, ClassificationDataset.class, DatasetContent.IMAGES, "a classification dataset")
                .open(root, options);
    }
}
