package io.github.advent.segmentation.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of train ids that an evaluation averages over, with their names (ADVENT-SPEC section 6):
 * all 19 Cityscapes classes; the 16 SYNTHIA classes (the 19 without terrain, truck, train); the 13
 * (the 16 without wall, fence, pole). Reporting SYNTHIA results over 19 classes is a known protocol
 * error. The subsets exist in two numberings: over the 19 Cityscapes train ids (a 19-class model) and
 * over the 16 SYNTHIA train ids (a model trained on SYNTHIA's 16 classes, see {@link LabelMap#synthia()}).
 *
 * @param name e.g. "16"
 * @param trainIds ascending train ids in the numbering of {@code classes}
 * @param classes the numbering: the class names of the model's train ids
 */
public record ClassSubset(String name, int[] trainIds, List<String> classes) {
    /** All 19 Cityscapes classes. */
    public static final ClassSubset ALL_19 = over19("19", new int[0]);
    /** SYNTHIA's 16, as Cityscapes train ids: without terrain (9), truck (14), train (16). */
    public static final ClassSubset SYNTHIA_16 = over19("16", new int[] {9, 14, 16});
    /** The 13 of SYNTHIA's 16, as Cityscapes train ids: also without wall (3), fence (4), pole (5). */
    public static final ClassSubset SYNTHIA_13 = over19("13", new int[] {3, 4, 5, 9, 14, 16});
    /** All 16, in SYNTHIA's own numbering (0..15). */
    public static final ClassSubset ALL_16_OF_16 = over16("16", new int[0]);
    /** The 13, in SYNTHIA's own numbering: without wall (3), fence (4), pole (5). */
    public static final ClassSubset SYNTHIA_13_OF_16 = over16("13", new int[] {3, 4, 5});

    public ClassSubset {
        trainIds = trainIds.clone();
        classes = List.copyOf(classes);
        for (int i = 0; i < trainIds.length; i++) {
            if (trainIds[i] < 0 || trainIds[i] >= classes.size() || (i > 0 && trainIds[i] <= trainIds[i - 1])) {
                throw new IllegalArgumentException("train ids must be ascending within 0.." + (classes.size() - 1) + ": "
                        + Arrays.toString(trainIds));
            }
        }
    }

    /** The subset by its name (19, 16, 13) for a model with {@code numClasses} (19 or 16) outputs. */
    public static ClassSubset of(String name, int numClasses) {
        ClassSubset subset = switch (numClasses) {
            case 19 -> switch (name) {
                case "19" -> ALL_19;
                case "16" -> SYNTHIA_16;
                case "13" -> SYNTHIA_13;
                default -> null;
            };
            case 16 -> switch (name) {
                case "16" -> ALL_16_OF_16;
                case "13" -> SYNTHIA_13_OF_16;
                default -> null;
            };
            default -> null;
        };
        if (subset == null) {
            throw new IllegalArgumentException("no class subset '" + name + "' for a " + numClasses + "-class model; known: "
                    + (numClasses == 16 ? "16, 13" : numClasses == 19 ? "19, 16, 13" : "none (19- and 16-class models only)"));
        }
        return subset;
    }

    public int size() {
        return trainIds.length;
    }

    public boolean contains(int trainId) {
        return Arrays.binarySearch(trainIds, trainId) >= 0;
    }

    /** The train ids (a copy). */
    @Override
    public int[] trainIds() {
        return trainIds.clone();
    }

    /** The subset's class names, in train-id order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int id : trainIds) {
            names.add(classes.get(id));
        }
        return names;
    }

    private static ClassSubset over19(String name, int[] dropped) {
        return new ClassSubset(name, keep(19, dropped), LabelMap.CITYSCAPES_19_CLASSES);
    }

    private static ClassSubset over16(String name, int[] dropped) {
        return new ClassSubset(name, keep(16, dropped), LabelMap.SYNTHIA_16_CLASSES);
    }

    private static int[] keep(int classes, int[] dropped) {
        return java.util.stream.IntStream.range(0, classes).filter(c -> Arrays.stream(dropped).noneMatch(d -> d == c)).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassSubset other && name.equals(other.name) && Arrays.equals(trainIds, other.trainIds)
                && classes.equals(other.classes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(trainIds)) + classes.hashCode();
    }

    @Override
    public String toString() {
        return "ClassSubset[" + name + ": " + String.join(", ", names()) + "]";
    }
}
