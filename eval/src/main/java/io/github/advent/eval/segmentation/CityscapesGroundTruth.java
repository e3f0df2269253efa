package io.github.advent.eval.segmentation;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The labels of a Cityscapes split, found as the Cityscapes scripts find them:
 * {@code ROOT/gtFine/{split}/{city}/{city}_{seq}_{frame}_gtFine_labelIds.png}. Minimal and
 * self-contained (the full dataset classes live in the segmentation module); the label ids are
 * mapped to train ids by {@link ClassSet#labelIdToTrainId()}.
 */
public final class CityscapesGroundTruth {
    /** The file-name suffix of a Cityscapes label-id map. */
    public static final String LABEL_SUFFIX = "_gtFine_labelIds.png";

    private CityscapesGroundTruth() {}

    /** Every labelled image of {@code split}, sorted by id. */
    public static List<LabelledImage> find(Path root, String split) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, Files.exists(root) ? "not a folder" : "no such folder");
        }
        Path splitDir = root.resolve("gtFine").resolve(split);
        if (!Files.isDirectory(splitDir)) {
            throw new BadInputException(splitDir, "no such folder: expected the Cityscapes layout"
                    + " gtFine/" + split + "/{city}/*" + LABEL_SUFFIX + " under the dataset root");
        }
        List<LabelledImage> images = new ArrayList<>();
        try (Stream<Path> cities = Files.list(splitDir)) {
            for (Path cityDir : cities.filter(Files::isDirectory).sorted().toList()) {
                String city = cityDir.getFileName().toString();
                try (Stream<Path> files = Files.list(cityDir)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(LABEL_SUFFIX) && Files.isRegularFile(file)) {
                            String id = name.substring(0, name.length() - LABEL_SUFFIX.length());
                            Path image = root.resolve("leftImg8bit").resolve(split).resolve(city)
                                    .resolve(id + "_leftImg8bit.png");
                            images.add(new LabelledImage(id, city, file, image));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(splitDir, "cannot list: " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new BadInputException(splitDir, "no *" + LABEL_SUFFIX + " files in its city folders");
        }
        images.sort(Comparator.comparing(LabelledImage::id));
        for (int i = 1; i < images.size(); i++) {
            if (images.get(i).id().equals(images.get(i - 1).id())) {
                throw new BadInputException(images.get(i).labelFile(), "the same image id as "
                        + images.get(i - 1).labelFile());
            }
        }
        return images;
    }
}
