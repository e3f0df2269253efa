package io.github.advent.classification.data;

import io.github.advent.entropy.data.IndexedDataset;
import io.github.advent.entropy.io.Images;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Images with one class each, the class names in label order, read and preprocessed on demand (thread-safe).
 * Sample names are the image paths relative to the dataset's image folder, without the extension
 * ({@code back_pack/frame_0001}).
 */
public final class ClassificationDataset implements IndexedDataset<ClassificationSample> {
    /** One image and its class index ({@link ClassificationSample#UNLABELLED} when read without labels). */
    public record Entry(Path image, String name, int label) {}

    private final String description;
    private final List<String> classes;
    private final List<Entry> entries;
    private final int size;

    public ClassificationDataset(String description, List<String> classes, List<Entry> entries, int size) {
        this.description = Objects.requireNonNull(description);
        this.classes = List.copyOf(classes);
        this.entries = List.copyOf(entries);
        this.size = size;
        for (Entry entry : entries) {
            if (entry.label() != ClassificationSample.UNLABELLED && (entry.label() < 0 || entry.label() >= classes.size())) {
                throw new IllegalArgumentException("label " + entry.label() + " of " + entry.image() + " is outside 0.."
                        + (classes.size() - 1));
            }
        }
    }

    /** What it is, for messages and reports ("Office-31 amazon"). */
    public String description() {
        return description;
    }

    /** The class names, in label order. */
    public List<String> classes() {
        return classes;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The network input side. */
    public int inputSize() {
        return size;
    }

    public boolean labelled() {
        return !entries.isEmpty() && entries.get(0).label() != ClassificationSample.UNLABELLED;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public ClassificationSample get(int index) {
        Entry entry = entries.get(index);
        return new ClassificationSample(Preprocessing.toInput(Images.readRgb(entry.image()), size), size, entry.label());
    }

    @Override
    public String name(int index) {
        return entries.get(index).name();
    }

    /** The class label of sample {@code index} without decoding its image. */
    public int label(int index) {
        return entries.get(index).label();
    }
}
