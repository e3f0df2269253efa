package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.SampleLists;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Images and labels in two flat folders, paired by file stem (GTA5, SYNTHIA, folder). */
final class FlatPairs {
    private FlatPairs() {}

    static List<Layout.Entry> find(String kind, Path imageFolder, Path labelFolder, Set<String> imageExtensions,
            Set<String> labelExtensions, DatasetOptions options) {
        Map<String, Path> found = new TreeMap<>(Layout.byStem(imageFolder, imageExtensions, "image"));
        List<String> names;
        if (options.list() != null) {
            names = SampleLists.names(options.list(), found, entry -> DatasetFolders.stem(DatasetFolders.fileName(entry)), imageFolder);
        } else {
            names = new ArrayList<>(found.keySet());
        }
        if (names.isEmpty()) {
            throw new BadInputException(imageFolder, "no images found (looked for *." + String.join(", *.", new java.util.TreeSet<>(imageExtensions))
                    + " in this folder)");
        }
        Map<String, Path> images = new LinkedHashMap<>();
        names.forEach(name -> images.put(name, found.get(name)));
        if (labelFolder == null) {
            List<Layout.Entry> entries = new ArrayList<>();
            images.forEach((name, image) -> entries.add(new Layout.Entry(name, image, null)));
            return entries;
        }
        Map<String, Path> labels = Layout.byStem(labelFolder, labelExtensions, "label");
        return Layout.pair(kind, images, labels, imageFolder, labelFolder, options.list() == null, options.skipUnpaired());
    }
}
