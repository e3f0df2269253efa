package io.github.advent.classification.data;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * VisDA-2017's {@code image_list.txt}: one image a line, {@code <class>/<file> <label>}, paths relative to the
 * split's folder, labels 0..11 in {@link #CLASSES} order.
 */
public final class VisdaList {
    /** VisDA-2017's classes in label order. */
    public static final List<String> CLASSES = List.of("aeroplane", "bicycle", "bus", "car", "horse", "knife",
            "motorcycle", "person", "plant", "skateboard", "train", "truck");

    private VisdaList() {}

    /** The entries of {@code list} (images under {@code folder}); a malformed line, a bad label or a missing image names the list and its line. */
    public static List<ClassificationDataset.Entry> read(Path list, Path folder, boolean labelled) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(list, "cannot read the image list: " + e.getMessage());
        }
        List<ClassificationDataset.Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new BadInputException(list, "line " + (i + 1) + ": expected '<class>/<file> <label>', got '" + line + "'");
            }
            int label;
            try {
                label = Integer.parseInt(fields[1]);
            } catch (NumberFormatException e) {
                label = -1;
            }
            if (label < 0 || label >= CLASSES.size()) {
                throw new BadInputException(list, "line " + (i + 1) + ": label '" + fields[1] + "' is not a class index 0.."
                        + (CLASSES.size() - 1));
            }
            Path image = folder.resolve(fields[0]);
            if (!Files.isRegularFile(image)) {
                throw new BadInputException(list, "line " + (i + 1) + ": image " + image + " does not exist");
            }
            String name = fields[0].replaceFirst("\\.[^./]*$", "");
            entries.add(new ClassificationDataset.Entry(image, name, labelled ? label : ClassificationSample.UNLABELLED));
        }
        if (entries.isEmpty()) {
            throw new BadInputException(list, "the image list names no image");
        }
        return entries;
    }
}
