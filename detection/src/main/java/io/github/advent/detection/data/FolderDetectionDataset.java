package io.github.advent.detection.data;

import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.ImageTree;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code folder=ROOT}: your own images. Unlabelled (an adaptation target), every PNG/JPEG image under
 * ROOT at any depth, named by relative path ({@link ImageTree}); with {@code annotations=FILE.json}
 * it is a labelled source read by the COCO reader ({@link #open} then returns a
 * {@link CocoJsonDetectionDataset}).
 */
public final class FolderDetectionDataset implements DetectionDataset {
    private final Path root;
    private final DetectionOptions options;
    private final List<String> names;
    private final List<Path> files;
    private final Map<String, Integer> byName = new HashMap<>();

    private FolderDetectionDataset(Path root, DetectionOptions options, Map<String, Path> images) {
        this.root = root;
        this.options = options;
        this.names = List.copyOf(images.keySet());
        this.files = List.copyOf(images.values());
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), i);
        }
    }

    public static DetectionDataset open(Path root, DetectionOptions options) {
        if (options.annotations() != null) {
            return CocoJsonDetectionDataset.open(root, options);
        }
        DatasetFolders.requireRoot(root, "folder");
        if (options.labelled()) {
            throw new IllegalArgumentException("dataset 'folder' has boxes only with annotations=FILE.json (COCO);"
                    + " without it, it is an unlabelled target");
        }
        return new FolderDetectionDataset(root, options, ImageTree.find(root, options.list()));
    }

    @Override
    public String kind() {
        return "folder";
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public DetectionOptions options() {
        return options;
    }

    @Override
    public DetectionClasses classes() {
        return options.classes();
    }

    @Override
    public boolean labelled() {
        return false;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String name(int index) {
        return names.get(index);
    }

    @Override
    public int indexOf(String name) {
        return byName.getOrDefault(name, -1);
    }

    @Override
    public Path imageFile(int index) {
        return files.get(index);
    }

    @Override
    public DetectionSample get(int index) {
        Objects.checkIndex(index, files.size());
        Image8 image = Images.readRgb(files.get(index));
        return new DetectionSample(names.get(index), files.get(index), image, List.of(), image.width(), image.height());
    }

    @Override
    public BoxAnnotation boxes(int index) {
        throw new IllegalStateException("folder at " + root + " has no annotations");
    }

    @Override
    public String describe() {
        return String.format("folder at %s: %,d unlabelled images", root, size());
    }

    @Override
    public String toString() {
        return describe();
    }
}
