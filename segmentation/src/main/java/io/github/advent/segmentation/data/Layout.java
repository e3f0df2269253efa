package io.github.advent.segmentation.data;

import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image/label pairing shared by the segmentation layouts; every problem a BadInputException. Folder
 * checks, file lists and the Cityscapes layout are task-neutral and live in shared-entropy
 * ({@link DatasetFolders}, {@link io.github.advent.entropy.data.SampleLists},
 * {@link io.github.advent.entropy.data.CityscapesFiles}).
 */
final class Layout {
    private static final Logger LOG = LoggerFactory.getLogger(Layout.class);
    private static final int NAMES_SHOWN = 5;

    private Layout() {}

    /** One sample's files; {@code label} is null for unlabelled datasets. */
    record Entry(String name, Path image, Path label) {}

    /**
     * Files of {@code folder} whose extension is in {@code extensions}, by stem; two files sharing a
     * stem (a.png, a.jpg) are refused.
     */
    static Map<String, Path> byStem(Path folder, Set<String> extensions, String what) {
        Map<String, Path> out = new HashMap<>();
        for (Path file : DatasetFolders.files(folder)) {
            if (!extensions.contains(DatasetFolders.extension(file))) {
                continue;
            }
            String stem = DatasetFolders.stem(file.getFileName().toString());
            Path before = out.putIfAbsent(stem, file);
            if (before != null) {
                throw new BadInputException(folder, "two " + what + " files named '" + stem + "': " + before.getFileName() + " and "
                        + file.getFileName() + "; keep one");
            }
        }
        return out;
    }

    /**
     * Checks that every image has its label and (without a file list) every label its image; refuses
     * or (skipUnpaired) drops the unpaired ones with a warning.
     *
     * @param images name -> image file, in sample order
     * @param labels name -> label file (every label found)
     * @param checkExtraLabels false with a file list (only listed samples matter)
     */
    static List<Entry> pair(String kind, Map<String, Path> images, Map<String, Path> labels, Path imageFolder, Path labelFolder,
            boolean checkExtraLabels, boolean skipUnpaired) {
        List<Entry> entries = new ArrayList<>();
        List<String> withoutLabel = new ArrayList<>();
        for (Map.Entry<String, Path> image : images.entrySet()) {
            Path label = labels.get(image.getKey());
            if (label == null) {
                withoutLabel.add(image.getValue().getFileName().toString());
            } else {
                entries.add(new Entry(image.getKey(), image.getValue(), label));
            }
        }
        List<String> withoutImage = new ArrayList<>();
        if (checkExtraLabels) {
            labels.forEach((name, label) -> {
                if (!images.containsKey(name)) {
                    withoutImage.add(label.getFileName().toString());
                }
            });
            withoutImage.sort(null);
        }
        if (withoutLabel.isEmpty() && withoutImage.isEmpty()) {
            return entries;
        }
        StringBuilder problem = new StringBuilder();
        if (!withoutLabel.isEmpty()) {
            problem.append(count(withoutLabel.size(), "image")).append(" without a label in ").append(labelFolder).append(": ")
                    .append(names(withoutLabel));
        }
        if (!withoutImage.isEmpty()) {
            if (problem.length() > 0) {
                problem.append("; ");
            }
            problem.append(count(withoutImage.size(), "label")).append(" without an image in ").append(imageFolder).append(": ")
                    .append(names(withoutImage));
        }
        if (!skipUnpaired || entries.isEmpty()) {
            throw new BadInputException(labelFolder, problem + (entries.isEmpty() ? "" : " (option unpaired=skip leaves them out)"));
        }
        LOG.warn("{} {}: leaving out {}", kind, labelFolder, problem);
        return entries;
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** "a, b, c, d, e and 12 more". */
    static String names(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " more";
    }
}
