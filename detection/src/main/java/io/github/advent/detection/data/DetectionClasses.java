package io.github.advent.detection.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The object classes a detector predicts, numbered from 1 in list order; 0 is the background
 * (and, in batches, padding). {@link #CITYSCAPES} is the domain-adaptive detection benchmark's
 * eight (ADVENT-SPEC section 9): person, rider, car, truck, bus, train, motorcycle, bicycle, with
 * their Cityscapes label ids 24, 25, 26, 27, 28, 31, 32, 33. Other lists (a COCO file's own
 * categories) have no label ids.
 */
public final class DetectionClasses {
    /** The eight Cityscapes instance classes of the Cityscapes -> Foggy Cityscapes benchmark. */
    public static final DetectionClasses CITYSCAPES = new DetectionClasses(
            List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"),
            new int[] {24, 25, 26, 27, 28, 31, 32, 33});

    private final List<String> names;
    private final int[] labelIds;

    private DetectionClasses(List<String> names, int[] labelIds) {
        this.names = List.copyOf(names);
        this.labelIds = labelIds;
    }

    /**
     * Classes named by the user, numbered 1..n in this order. Names are compared case-insensitively.
     *
     * @throws IllegalArgumentException for an empty list, a blank name or a name given twice
     */
    public static DetectionClasses of(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no class names given");
        }
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("blank class name in " + names);
            }
            if (seen.contains(key)) {
                throw new IllegalArgumentException("class '" + name.strip() + "' is named twice in " + names);
            }
            seen.add(key);
        }
        return new DetectionClasses(names.stream().map(String::strip).toList(), null);
    }

    /** Number of object classes (the detector's outputs are this plus one for the background). */
    public int size() {
        return names.size();
    }

    /** The names, index 1 first. */
    public List<String> names() {
        return names;
    }

    /** The name of class {@code index} (1..size()). */
    public String name(int index) {
        checkIndex(index);
        return names.get(index - 1);
    }

    /** The class index (1..size()) of a name, case-insensitively, or 0 when it is not one of the classes. */
    public int indexOf(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name.strip())) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The class index of a Cityscapes label id (26 -> car -> 3), or 0 for any other id or when the list has no ids. */
    public int indexOfLabelId(int labelId) {
        if (labelIds != null) {
            for (int i = 0; i < labelIds.length; i++) {
                if (labelIds[i] == labelId) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    /** The Cityscapes label id of class {@code index}. @throws IllegalStateException when this list has none */
    public int labelId(int index) {
        checkIndex(index);
        if (labelIds == null) {
            throw new IllegalStateException("the classes " + names + " have no Cityscapes label ids");
        }
        return labelIds[index - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectionClasses c && c.names.equals(names) && java.util.Arrays.equals(c.labelIds, labelIds);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }

    private void checkIndex(int index) {
        if (index < 1 || index > names.size()) {
            throw new IndexOutOfBoundsException("class index " + index + " outside 1.." + names.size());
        }
    }
}
