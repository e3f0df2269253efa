package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.SampleLists;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs Cityscapes (clear or foggy) images with their {@code gtFine} label ids; the layout itself
 * (folders, frame names, fog suffixes) is {@link CityscapesFiles}, shared with detection.
 */
final class CityscapesLayout {
    static final String LABEL_SUFFIX = CityscapesFiles.LABEL_IDS_SUFFIX;

    private CityscapesLayout() {}

    /** The label map for the chosen class count (19, or 16 for SYNTHIA-trained models). */
    static LabelMap labelMap(DatasetOptions options) {
        return options.classes() == 16 ? LabelMap.cityscapes16() : LabelMap.cityscapes();
    }

    static List<Layout.Entry> find(String kind, Path root, Path imageSplit, String imageSuffix, DatasetOptions options,
            String emptyHint) {
        Map<String, Path> found = CityscapesFiles.frames(imageSplit, imageSuffix);
        Map<String, Path> images = new LinkedHashMap<>();
        if (options.list() != null) {
            for (String name : SampleLists.names(options.list(), found, CityscapesFiles::frameName, imageSplit)) {
                images.put(name, found.get(name));
            }
        } else {
            images.putAll(found);
        }
        if (images.isEmpty()) {
            throw new BadInputException(imageSplit, "no images found: looked for {city}/*" + imageSuffix + " in this folder"
                    + emptyHint);
        }
        if (!options.labelled()) {
            List<Layout.Entry> entries = new ArrayList<>();
            images.forEach((name, image) -> entries.add(new Layout.Entry(name, image, null)));
            return entries;
        }
        Path gtFine = DatasetFolders.requireFolder(root.resolve(CityscapesFiles.ANNOTATIONS),
                "Cityscapes' gtFine/ labels (or open the dataset unlabelled)");
        Path labelSplit = CityscapesFiles.split(gtFine, options.split(), "gtFine/" + options.split() + "/{city}/*" + LABEL_SUFFIX);
        Map<String, Path> labels = CityscapesFiles.frames(labelSplit, LABEL_SUFFIX);
        return Layout.pair(kind, images, labels, imageSplit, labelSplit, options.list() == null, options.skipUnpaired());
    }
}
