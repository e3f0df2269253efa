package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.ImageTree;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A plain folder of your own data: {@code ROOT/images/*} (PNG, JPEG, BMP, TIFF, WebP) and
 * {@code ROOT/labels/*} (PNG, BMP or TIFF: lossless), paired by file stem ({@code images/a.jpg} with
 * {@code labels/a.png}); files with other extensions and hidden files are ignored. Label files hold
 * ids as 8- or 16-bit grey or as palette indices; the label map says how ids become train ids:
 * option {@code labels} names a built-in map ({@link LabelMap#builtInNames()}) or a label-map file
 * (format in {@link LabelMap}); the default {@code train-ids} takes the files as already holding the
 * 19 Cityscapes train ids (0-18, 255 ignore). Samples keep their own size unless a size is given.
 *
 * <p>Opened unlabelled (an adaptation target), it takes every PNG/JPEG image under {@code ROOT/images/}
 * when that folder exists, else under {@code ROOT} itself, at any depth, named by relative path
 * ({@link ImageTree}): a plain folder of your own frames needs no layout at all.
 */
public final class FolderDataset extends FileDataset {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp");
    static final Set<String> LABEL_EXTENSIONS = Set.of("png", "bmp", "tif", "tiff");
    private static final Set<String> LOSSY = Set.of("jpg", "jpeg", "webp");

    private FolderDataset(Path root, DatasetOptions options, LabelMap labelMap, List<Layout.Entry> entries) {
        super("folder", root, options, null, labelMap, LabelEncoding.GREY_OR_PALETTE, entries);
    }

    public static FolderDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "folder");
        LabelMap labelMap = labelMap(root, options.labelMap());
        if (!options.labelled()) {
            Path images = Files.isDirectory(root.resolve("images")) ? root.resolve("images") : root;
            List<Layout.Entry> entries = new ArrayList<>();
            ImageTree.find(images, options.list()).forEach((name, image) -> entries.add(new Layout.Entry(name, image, null)));
            return new FolderDataset(root, options, labelMap, entries);
        }
        Path images = DatasetFolders.requireFolder(root.resolve("images"), "the folder dataset's images/");
        Path labels = DatasetFolders.requireFolder(root.resolve("labels"), "the folder dataset's labels/ (or open it unlabelled)");
        for (Path file : DatasetFolders.files(labels)) {
            if (LOSSY.contains(DatasetFolders.extension(file))) {
                throw new BadInputException(file, "lossy label file: " + DatasetFolders.extension(file).toUpperCase(java.util.Locale.ROOT)
                        + " compression changes label ids; store labels as PNG");
            }
        }
        return new FolderDataset(root, options, labelMap,
                FlatPairs.find("folder", images, labels, IMAGE_EXTENSIONS, LABEL_EXTENSIONS, options));
    }

    /** A built-in map name, or a label-map file (as given, else relative to the root). */
    static LabelMap labelMap(Path root, String spec) {
        if (spec == null) {
            return LabelMap.trainIds();
        }
        if (LabelMap.builtInNames().contains(spec)) {
            return LabelMap.named(spec);
        }
        Path file = Path.of(spec);
        if (!Files.exists(file) && !file.isAbsolute() && Files.exists(root.resolve(file))) {
            file = root.resolve(file);
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file, "missing label-map file (labels= takes a file of 'id trainId [name]' lines or one of: "
                    + String.join(", ", LabelMap.builtInNames()) + ")");
        }
        return LabelMap.load(file);
    }
}
