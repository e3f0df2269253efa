package io.github.advent.classification.data;

import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.ImageTree;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code ImageFolder} layout, {@code FOLDER/<class>/<image>}: classes are the subfolders sorted by
 * name, a label is a class's index in that order; images are the PNG / JPEG files directly in a class folder,
 * sorted by name. Office-31 keeps this layout under {@code <domain>/images}.
 */
public final class ClassFolders {
    private ClassFolders() {}

    /** The class names of {@code folder} (its subfolders, sorted); a folder without any is a BadInputException. */
    public static List<String> classes(Path folder) {
        List<String> names = new ArrayList<>();
        for (Path sub : DatasetFolders.folders(folder)) {
            names.add(sub.getFileName().toString());
        }
        if (names.size() < 2) {
            throw new BadInputException(folder, "an image-folder dataset needs a subfolder per class (at least 2), found "
                    + (names.isEmpty() ? "none" : "only '" + names.get(0) + "'"));
        }
        return names;
    }

    /** Every image of every class, class by class; labels are {@code UNLABELLED} when {@code labelled} is false. */
    public static List<ClassificationDataset.Entry> entries(Path folder, List<String> classes, boolean labelled) {
        List<ClassificationDataset.Entry> entries = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            String name = classes.get(label);
            for (Path file : DatasetFolders.files(folder.resolve(name))) {
                if (ImageTree.EXTENSIONS.contains(DatasetFolders.extension(file))) {
                    String stem = DatasetFolders.stem(file.getFileName().toString());
                    entries.add(new ClassificationDataset.Entry(file, name + "/" + stem,
                            labelled ? label : ClassificationSample.UNLABELLED));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new BadInputException(folder, "no PNG or JPEG image in any class folder (" + String.join(", ", classes) + ")");
        }
        return entries;
    }
}
