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
 * The layout ACDC and Dark Zurich share (both from Sakaridis et al., ETH Zurich):
 * {@code ROOT/rgb_anon/PART/{sequence}/{frame}_rgb_anon.png} with labels at the same place under
 * {@code ROOT/gt/}, {@code {frame}_gt_labelTrainIds.png} (the 19 Cityscapes train ids) or, where a
 * copy holds only those, {@code {frame}_gt_labelIds.png} (Cityscapes label ids). One folder per
 * sequence is Cityscapes' one folder per city, so {@link CityscapesFiles#frames} lists both. Checked
 * against brdav/refign {@code data_modules/datasets/acdc.py} and {@code darkzurich.py} (ETH's own
 * loaders), lhoyer/DAFormer {@code mmseg/datasets/acdc.py} (suffixes), open-mmlab/mmsegmentation
 * {@code configs/_base_/datasets/dark_zurich.py} and lhoyer/HRDA
 * {@code configs/_base_/datasets/uda_cityscapesHR_to_darkzurichHR_1024x1024.py} (Dark Zurich's folders).
 */
final class AnonFrames {
    static final String IMAGE_SUFFIX = "_rgb_anon.png";
    static final String TRAIN_IDS_SUFFIX = "_gt_labelTrainIds.png";
    static final String LABEL_IDS_SUFFIX = "_gt_labelIds.png";

    /** The samples found and the map their label files need. */
    record Found(List<Layout.Entry> entries, LabelMap labelMap) {}

    private AnonFrames() {}

    /**
     * The frames of every part ({@code fog/val}, {@code val/night}), in part then sequence then file order.
     *
     * @param what the dataset and its labels for messages ("ACDC", "no public labels: ...")
     */
    static Found find(String kind, Path root, List<String> parts, DatasetOptions options, String what) {
        Path rgbAnon = DatasetFolders.requireFolder(root.resolve("rgb_anon"), what + "'s rgb_anon/ images");
        Map<String, Path> found = new LinkedHashMap<>();
        Map<String, Path> partOf = new LinkedHashMap<>();
        for (String part : parts) {
            Path folder = requirePart(rgbAnon, part, what + "'s rgb_anon/" + part + "/{sequence}/*" + IMAGE_SUFFIX);
            Map<String, Path> frames = CityscapesFiles.frames(folder, IMAGE_SUFFIX);
            if (frames.isEmpty()) {
                throw new BadInputException(folder, "no images found: looked for {sequence}/*" + IMAGE_SUFFIX + " in this folder");
            }
            frames.forEach((name, image) -> {
                Path before = found.putIfAbsent(name, image);
                if (before != null) {
                    throw new BadInputException(image, "the same frame name as " + before + "; open one part at a time");
                }
                partOf.put(name, Path.of(part));
            });
        }
        Map<String, Path> images = new LinkedHashMap<>();
        if (options.list() != null) {
            SampleLists.names(options.list(), found, AnonFrames::frameName, rgbAnon).forEach(name -> images.put(name, found.get(name)));
        } else {
            images.putAll(found);
        }
        if (!options.labelled()) {
            List<Layout.Entry> entries = new ArrayList<>();
            images.forEach((name, image) -> entries.add(new Layout.Entry(name, image, null)));
            return new Found(entries, LabelMap.trainIds());
        }
        Path gt = DatasetFolders.requireFolder(root.resolve("gt"), what + "'s gt/ labels (or open it unlabelled)");
        List<Path> labelFolders = new ArrayList<>();
        boolean trainIds = false;
        for (String part : parts) {
            Path folder = requirePart(gt, part, what + "'s gt/" + part + "/{sequence}/*" + TRAIN_IDS_SUFFIX);
            labelFolders.add(folder);
            trainIds |= !CityscapesFiles.frames(folder, TRAIN_IDS_SUFFIX).isEmpty();
        }
        // one encoding for the whole dataset: train ids where the release has them, else label ids
        String suffix = trainIds ? TRAIN_IDS_SUFFIX : LABEL_IDS_SUFFIX;
        List<Layout.Entry> entries = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Path part = Path.of(parts.get(i));
            Map<String, Path> partImages = new LinkedHashMap<>();
            images.forEach((name, image) -> {
                if (partOf.get(name).equals(part)) {
                    partImages.put(name, image);
                }
            });
            Map<String, Path> labels = CityscapesFiles.frames(labelFolders.get(i), suffix);
            entries.addAll(Layout.pair(kind, partImages, labels, rgbAnon.resolve(part), labelFolders.get(i), options.list() == null,
                    options.skipUnpaired()));
        }
        return new Found(entries, trainIds ? LabelMap.trainIds() : LabelMap.cityscapes());
    }

    /** {@code base/part}, one folder at a time, so that a missing condition or split is named with what is there instead. */
    private static Path requirePart(Path base, String part, String expected) {
        Path folder = base;
        for (String name : part.split("/")) {
            folder = DatasetFolders.requireFolder(folder.resolve(name), expected);
        }
        return folder;
    }

    /** The frame a list entry names: folders and an image or label suffix removed. */
    static String frameName(String entry) {
        String name = DatasetFolders.fileName(entry);
        for (String suffix : new String[] {IMAGE_SUFFIX, TRAIN_IDS_SUFFIX, LABEL_IDS_SUFFIX}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
