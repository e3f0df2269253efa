package io.github.advent.eval.segmentation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The class set a segmentation benchmark is scored on, with how Cityscapes label ids become its
 * train ids and which means it reports (docs/EVAL-PROTOCOLS.md, ADVENT-SPEC section 6). The set
 * belongs to the benchmark: GTA5 -> Cityscapes is scored on 19 classes; SYNTHIA -> Cityscapes on
 * the 16 classes SYNTHIA shares with Cityscapes, reporting the mean over those 16 and over 13 of
 * them (wall, fence and pole left out of that mean, not out of the matrix) together. A dataset with classes of
 * its own (a labelled folder with its label map) is scored on those ({@link #of}).
 */
public final class ClassSet {
    /** GTA5 -> Cityscapes: the 19 Cityscapes train classes. */
    public static final ClassSet CITYSCAPES_19 = new ClassSet("CITYSCAPES_19", "GTA5 -> Cityscapes",
            new String[] {"road", "sidewalk", "building", "wall", "fence", "pole", "light", "sign", "vegetation",
                "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"},
            new int[] {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33},
            List.of(new MeanDefinition("mIoU-19", "mean IoU over the 19 classes", IntStream.range(0, 19).toArray())));
    /**
     * SYNTHIA -> Cityscapes: 16 classes in SYNTHIA's train-id order (terrain, truck and train are
     * ignored in the ground truth); mIoU over 16 and mIoU* over 13.
     */
    public static final ClassSet SYNTHIA_16 = new ClassSet("SYNTHIA_16", "SYNTHIA -> Cityscapes",
            new String[] {"road", "sidewalk", "building", "wall", "fence", "pole", "light", "sign", "vegetation",
                "sky", "person", "rider", "car", "bus", "motorcycle", "bicycle"},
            new int[] {7, 8, 11, 12, 13, 17, 19, 20, 21, 23, 24, 25, 26, 28, 32, 33},
            List.of(new MeanDefinition("mIoU-16", "mean IoU over the 16 SYNTHIA classes",
                            IntStream.range(0, 16).toArray()),
                    new MeanDefinition("mIoU-13", "mean IoU over 13 of the 16 classes (wall, fence, pole left out"
                            + " of the mean, not of the matrix)",
                            IntStream.range(0, 16).filter(c -> c < 3 || c > 5).toArray())));

    /** The largest Cityscapes label id (bicycle); ids above it do not exist in Cityscapes labels. */
    public static final int MAX_CITYSCAPES_LABEL_ID = 33;
    /** A label id that is a Cityscapes class outside the set: not counted. */
    public static final int IGNORE = 255;
    /** A value that is not a Cityscapes label id at all: bad input. */
    public static final int INVALID = -1;

    private final String name;
    private final String benchmark;
    private final String[] names;
    private final int[] labelIds;
    private final List<MeanDefinition> means;

    private ClassSet(String name, String benchmark, String[] names, int[] labelIds, List<MeanDefinition> means) {
        this.name = name;
        this.benchmark = benchmark;
        this.names = names;
        this.labelIds = labelIds;
        this.means = means;
    }

    /**
     * A dataset's own classes (a labelled folder's label map): the Cityscapes 19 or SYNTHIA 16 when {@code names}
     * are exactly theirs, so that those benchmarks keep their means; otherwise a set of these classes, reporting
     * the mean IoU over all of them, whose labels are not Cityscapes label ids.
     *
     * @param source where the names come from, for reports (e.g. the label-map file's name)
     */
    public static ClassSet of(List<String> names, String source) {
        for (ClassSet known : List.of(CITYSCAPES_19, SYNTHIA_16)) {
            if (known.classNames().equals(names)) {
                return known;
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a class set needs at least one class");
        }
        int k = names.size();
        return new ClassSet("OWN_" + k + names, source, names.toArray(String[]::new), null,
                List.of(new MeanDefinition("mIoU-" + k, "mean IoU over the " + k + " classes of " + source,
                        IntStream.range(0, k).toArray())));
    }

    /** CITYSCAPES_19, SYNTHIA_16, or for a dataset's own classes OWN_K[names]: stable, for cache keys. */
    public String name() {
        return name;
    }

    /** Whether this is a dataset's own set ({@link #of}) rather than a Cityscapes benchmark's. */
    public boolean isOwn() {
        return labelIds == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassSet other && name.equals(other.name) && benchmark.equals(other.benchmark);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    /** One mean a benchmark reports: its name and the classes (train ids) it averages. */
    public record MeanDefinition(String name, String description, int[] classes) {
        public MeanDefinition {
            classes = classes.clone();
        }

        @Override
        public int[] classes() {
            return classes.clone();
        }

        public boolean includes(int trainId) {
            return Arrays.stream(classes).anyMatch(c -> c == trainId);
        }
    }

    /**
     * Parses the command line's {@code --classes}: 19 (or gta5) for the 19-class set; 16, 13 (or
     * synthia) for the SYNTHIA set, which always reports both its means.
     */
    public static ClassSet parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "19", "gta5" -> CITYSCAPES_19;
            case "16", "13", "synthia" -> SYNTHIA_16;
            default -> throw new IllegalArgumentException("unknown class set '" + text + "'; known: 19 (gta5),"
                    + " 16 or 13 (synthia: both means are reported)");
        };
    }

    public int size() {
        return names.length;
    }

    /** The adaptation benchmark this set belongs to, e.g. {@code GTA5 -> Cityscapes}; for a dataset's own set, its source. */
    public String benchmark() {
        return benchmark;
    }

    /** E.g. {@code 16 classes (SYNTHIA -> Cityscapes); mIoU-16 and mIoU-13}. */
    public String describe() {
        return size() + " classes (" + benchmark + "), reporting "
                + String.join(" and ", means.stream().map(MeanDefinition::name).toList());
    }

    public String className(int trainId) {
        return names[trainId];
    }

    public List<String> classNames() {
        return List.of(names);
    }

    /** The means the benchmark reports; the first is the headline (and picks the best snapshot). */
    public List<MeanDefinition> means() {
        return means;
    }

    /** The Cityscapes label id of each train id (e.g. road: 7); a dataset's own set has none. */
    public int labelIdOf(int trainId) {
        requireCityscapes();
        return labelIds[trainId];
    }

    private void requireCityscapes() {
        if (isOwn()) {
            throw new IllegalStateException("the " + size() + " classes of " + benchmark + " are no Cityscapes label ids");
        }
    }

    /**
     * The lookup from a Cityscapes label id (the value of a {@code *_gtFine_labelIds.png} pixel,
     * 0-255) to this set's train id: [0, size) for a class of the set, {@link #IGNORE} for another
     * Cityscapes label (unlabeled, parking, and terrain / truck / train in the 16-class set),
     * {@link #INVALID} for a value above 33 that no Cityscapes label has.
     */
    public int[] labelIdToTrainId() {
        requireCityscapes();
        int[] lookup = new int[256];
        Arrays.fill(lookup, INVALID);
        Arrays.fill(lookup, 0, MAX_CITYSCAPES_LABEL_ID + 1, IGNORE);
        for (int t = 0; t < labelIds.length; t++) {
            lookup[labelIds[t]] = t;
        }
        return lookup;
    }
}
