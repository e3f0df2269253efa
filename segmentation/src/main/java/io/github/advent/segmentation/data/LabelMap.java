package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.IntImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the label ids stored in a dataset's label files become train ids (0..K-1, 255 = ignore), as an
 * explicit table (ADVENT-SPEC section 6).
 *
 * <p>Each map <b>knows</b> a set of ids: the table's ids, some of which map to 255 on purpose (e.g.
 * Cityscapes' "unlabeled", "parking", "caravan"). An id the table does not list is <b>unknown</b>: it
 * maps to 255 too, but {@link #map} counts its pixels, and datasets report those counts (never silent),
 * since an unknown id usually means the wrong files or the wrong map.
 *
 * <p>{@link #idBits()} is the widest label file the map accepts: 8 for Cityscapes and GTA5 (a 16-bit
 * file there holds values that cannot be label ids, e.g. an {@code instanceIds} file, and is refused),
 * 16 for SYNTHIA.
 *
 * <h2>User label maps (the folder dataset)</h2>
 * A UTF-8 text file, one mapping per line: {@code id trainId [name]}, separated by spaces or tabs.
 * {@code id} is 0-65535 and appears once; {@code trainId} is 0-254, or 255 to ignore that id on
 * purpose; the train ids used must be 0..K-1 without gaps (K = the class count); {@code name} (the
 * rest of the line, optional) names the class, and lines sharing a train id must not name it
 * differently. {@code #} starts a comment; blank lines are skipped. A line {@code bits 16} accepts
 * 16-bit label files even when every id is below 256 (otherwise the ids decide: 8 when all are
 * below 256). Example:
 * <pre>
 * # id trainId name
 * 0   255              # background, ignored
 * 1   0    road
 * 2   1    building
 * 7   1                # another kind of building
 * </pre>
 */
public final class LabelMap {
    /** The ignore train id. */
    public static final int IGNORE = 255;

    /** The 19 Cityscapes evaluation classes, in train-id order. */
    public static final List<String> CITYSCAPES_19_CLASSES = List.of("road", "sidewalk", "building", "wall", "fence",
            "pole", "light", "sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train",
            "motorcycle", "bicycle");

    /**
     * The 16 SYNTHIA classes, in their train-id order: the Cityscapes 19 without terrain, truck and
     * train (so SYNTHIA train id 9 is sky, not terrain).
     */
    public static final List<String> SYNTHIA_16_CLASSES = List.of("road", "sidewalk", "building", "wall", "fence", "pole",
            "light", "sign", "vegetation", "sky", "person", "rider", "car", "bus", "motorcycle", "bicycle");

    /** The label names of Cityscapes ids 0..33 (cityscapesScripts' labels.py). */
    private static final String[] CITYSCAPES_ID_NAMES = {"unlabeled", "ego vehicle", "rectification border",
        "out of roi", "static", "dynamic", "ground", "road", "sidewalk", "parking", "rail track", "building", "wall",
        "fence", "guard rail", "bridge", "tunnel", "pole", "polegroup", "traffic light", "traffic sign", "vegetation",
        "terrain", "sky", "person", "rider", "car", "truck", "bus", "caravan", "trailer", "train", "motorcycle",
        "bicycle"};

    /** Cityscapes id -> 19-class train id for the 19 evaluated ids (spec section 6). */
    private static final int[][] CITYSCAPES_19 = {{7, 0}, {8, 1}, {11, 2}, {12, 3}, {13, 4}, {17, 5}, {19, 6}, {20, 7},
        {21, 8}, {22, 9}, {23, 10}, {24, 11}, {25, 12}, {26, 13}, {27, 14}, {28, 15}, {31, 16}, {32, 17}, {33, 18}};

    /** SYNTHIA-RAND-CITYSCAPES id -> 16-class train id (spec section 6). */
    private static final int[][] SYNTHIA_16 = {{3, 0}, {4, 1}, {2, 2}, {21, 3}, {5, 4}, {7, 5}, {15, 6}, {9, 7}, {6, 8},
        {1, 9}, {10, 10}, {17, 11}, {8, 12}, {19, 13}, {12, 14}, {11, 15}};

    /** 19-class train id -> 16-class train id (terrain, truck, train -> 255). */
    static final int[] SIXTEEN_OF_NINETEEN = {0, 1, 2, 3, 4, 5, 6, 7, 8, IGNORE, 9, 10, 11, 12, IGNORE, 13, IGNORE, 14, 15};

    private static final LabelMap CITYSCAPES = cityscapesTable("cityscapes");
    private static final LabelMap GTA5 = cityscapesTable("gta5");
    private static final LabelMap CITYSCAPES_16 = cityscapesTo16();
    private static final LabelMap SYNTHIA = synthiaTable();
    private static final LabelMap TRAIN_IDS = trainIdTable();

    /** The built-in maps by the names {@link #named} accepts. */
    private static final Map<String, LabelMap> BUILT_IN;

    static {
        Map<String, LabelMap> builtIn = new LinkedHashMap<>();
        builtIn.put("cityscapes", CITYSCAPES);
        builtIn.put("gta5", GTA5);
        builtIn.put("cityscapes-16", CITYSCAPES_16);
        builtIn.put("synthia", SYNTHIA);
        builtIn.put("train-ids", TRAIN_IDS);
        BUILT_IN = Collections.unmodifiableMap(builtIn);
    }

    private final String name;
    private final int idBits;
    private final SortedMap<Integer, Integer> table;
    private final List<String> classNames;
    private final int[] lookup;
    /** The label-map file it was read from; null for built-in and programmatic maps. */
    private final Path file;

    private LabelMap(String name, int idBits, SortedMap<Integer, Integer> table, List<String> classNames) {
        this(name, idBits, table, classNames, null);
    }

    private LabelMap(String name, int idBits, SortedMap<Integer, Integer> table, List<String> classNames, Path file) {
        this.file = file;
        this.name = name;
        this.idBits = idBits;
        this.table = Collections.unmodifiableSortedMap(new TreeMap<>(table));
        this.classNames = List.copyOf(classNames);
        this.lookup = new int[1 << idBits];
        Arrays.fill(lookup, -1);
        table.forEach((id, trainId) -> lookup[id] = trainId);
    }

    /**
     * A map from an explicit table.
     *
     * @param idBits 8 or 16: the widest label files accepted
     * @param table label id -> train id (0..K-1 or 255); ids must fit {@code idBits}
     * @param classNames the K class names in train-id order; the train ids used must be 0..K-1
     */
    public static LabelMap of(String name, int idBits, Map<Integer, Integer> table, List<String> classNames) {
        if (idBits != 8 && idBits != 16) {
            throw new IllegalArgumentException("idBits must be 8 or 16, got " + idBits);
        }
        int classes = classNames.size();
        boolean[] used = new boolean[classes];
        for (Map.Entry<Integer, Integer> e : table.entrySet()) {
            int id = e.getKey();
            int trainId = e.getValue();
            if (id < 0 || id >= (1 << idBits)) {
                throw new IllegalArgumentException("id " + id + " does not fit " + idBits + " bits");
            }
            if (trainId == IGNORE) {
                continue;
            }
            if (trainId < 0 || trainId >= classes) {
                throw new IllegalArgumentException("id " + id + " maps to train id " + trainId + ", outside 0.." + (classes - 1)
                        + " and not " + IGNORE);
            }
            used[trainId] = true;
        }
        for (int c = 0; c < classes; c++) {
            if (!used[c]) {
                throw new IllegalArgumentException("no id maps to train id " + c + " (" + classNames.get(c) + ")");
            }
        }
        return new LabelMap(name, idBits, new TreeMap<>(table), classNames);
    }

    /** Cityscapes label ids (0-33, {@code *_gtFine_labelIds.png}) -> the 19 train ids. */
    public static LabelMap cityscapes() {
        return CITYSCAPES;
    }

    /** GTA5: the Cityscapes table (GTA5's labels use Cityscapes ids), named "gta5". */
    public static LabelMap gta5() {
        return GTA5;
    }

    /**
     * Cityscapes label ids -> the 16 SYNTHIA train ids (terrain, truck, train ignored): the target
     * labels for a model trained on SYNTHIA's 16 classes.
     */
    public static LabelMap cityscapes16() {
        return CITYSCAPES_16;
    }

    /** SYNTHIA-RAND-CITYSCAPES class ids (0-22, channel 0 of the 16-bit GT/LABELS files) -> 16 train ids. */
    public static LabelMap synthia() {
        return SYNTHIA;
    }

    /** Files that already hold the 19 train ids (0-18, 255 ignore), e.g. {@code *_gtFine_labelTrainIds.png}. */
    public static LabelMap trainIds() {
        return TRAIN_IDS;
    }

    /** The built-in map with that name: cityscapes, gta5, cityscapes-16, synthia, train-ids. */
    public static LabelMap named(String name) {
        LabelMap map = BUILT_IN.get(name);
        if (map == null) {
            throw new IllegalArgumentException("unknown label map '" + name + "'; known: " + String.join(", ", BUILT_IN.keySet())
                    + ", or a label-map file");
        }
        return map;
    }

    /** The names {@link #named} accepts. */
    public static List<String> builtInNames() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /** Reads a user label map (format in the class comment); problems name the file and line. */
    public static LabelMap load(Path file) {
        List<String> lines;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file, "is a folder, expected a label-map file (lines of: id trainId [name])");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "missing label-map file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the label map: " + e.getMessage(), e);
        }
        SortedMap<Integer, Integer> table = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        boolean force16 = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (n + 1);
            String[] parts = line.split("\\s+", 3);
            if (parts[0].equals("bits")) {
                if (parts.length != 2 || !(parts[1].equals("8") || parts[1].equals("16"))) {
                    throw new BadInputException(file, where + ": write 'bits 8' or 'bits 16'");
                }
                force16 = parts[1].equals("16");
                continue;
            }
            if (parts.length < 2) {
                throw new BadInputException(file, where + ": expected 'id trainId [name]', got '" + line + "'");
            }
            int id = parseNumber(file, where, "id", parts[0], 65535);
            int trainId = parseNumber(file, where, "train id", parts[1], IGNORE);
            if (table.containsKey(id)) {
                throw new BadInputException(file, where + ": id " + id + " is mapped twice");
            }
            table.put(id, trainId);
            if (parts.length == 3 && trainId != IGNORE) {
                String name = parts[2].strip();
                String before = names.putIfAbsent(trainId, name);
                if (before != null && !before.equals(name)) {
                    throw new BadInputException(file, where + ": train id " + trainId + " is named '" + name
                            + "' here and '" + before + "' before");
                }
            }
        }
        int classes = table.values().stream().filter(t -> t != IGNORE).mapToInt(Integer::intValue).max().orElse(-1) + 1;
        if (classes == 0) {
            throw new BadInputException(file, "the label map has no class (every line maps to 255 or there are no lines)");
        }
        boolean[] used = new boolean[classes];
        table.values().stream().filter(t -> t != IGNORE).forEach(t -> used[t] = true);
        for (int c = 0; c < classes; c++) {
            if (!used[c]) {
                throw new BadInputException(file, "train ids must be 0.." + (classes - 1) + " without gaps; no id maps to " + c);
            }
        }
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add(names.getOrDefault(c, "class " + c));
        }
        int bits = force16 || table.lastKey() > 255 ? 16 : 8;
        return new LabelMap(file.getFileName().toString(), bits, table, classNames, file);
    }

    private static int parseNumber(Path file, String where, String what, String text, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0 || value > max) {
                throw new BadInputException(file, where + ": " + what + " " + value + " is outside 0-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, where + ": " + what + " '" + text + "' is not a whole number");
        }
    }

    public String name() {
        return name;
    }

    /**
     * Bad input naming the label-map file when this map was read from one and names other than {@code classes}
     * classes: a folder's labels.txt must speak the model's classes.
     *
     * @param against what has {@code classes} classes, for the message (e.g. "the model")
     */
    public void requireClasses(int classes, String against) {
        if (file != null && numClasses() != classes) {
            throw new BadInputException(file, "names " + numClasses() + " classes, but " + against + " has " + classes
                    + "; give a label map of those classes");
        }
    }

    /** The label-map file this map was read from ({@link #load}), for messages; empty for a built-in map. */
    public java.util.Optional<Path> file() {
        return java.util.Optional.ofNullable(file);
    }

    /** 8 or 16: the widest label files this map accepts. */
    public int idBits() {
        return idBits;
    }

    /** K, the number of classes (train ids 0..K-1). */
    public int numClasses() {
        return classNames.size();
    }

    /** Class names in train-id order. */
    public List<String> classNames() {
        return classNames;
    }

    /** The table: every known id and its train id (255 for ids ignored on purpose). */
    public SortedMap<Integer, Integer> table() {
        return table;
    }

    /** Whether the table lists {@code id}. */
    public boolean knows(int id) {
        return id >= 0 && id < lookup.length && lookup[id] >= 0;
    }

    /** The train id of {@code id}; 255 for ignored and unknown ids. */
    public int trainId(int id) {
        return knows(id) ? lookup[id] : IGNORE;
    }

    /**
     * Maps a label image to train ids, counting pixels whose id is unknown (they become 255).
     *
     * @throws IllegalArgumentException when the image is deeper than {@link #idBits()} (datasets check
     *     this first and report the file)
     */
    public MappedLabels map(IntImage ids) {
        if (ids.bitDepth() > idBits) {
            throw new IllegalArgumentException(ids.bitDepth() + "-bit labels for the " + idBits + "-bit label map '" + name + "'");
        }
        int[] values = ids.values();
        int[] out = new int[values.length];
        long[] unknown = null;
        long unknownPixels = 0;
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            int t = v < lookup.length ? lookup[v] : -1;
            if (t < 0) {
                if (unknown == null) {
                    unknown = new long[Math.max(lookup.length, v + 1)];
                }
                unknown[v]++;
                unknownPixels++;
                t = IGNORE;
            }
            out[i] = t;
        }
        SortedMap<Integer, Long> unknownIds = new TreeMap<>();
        if (unknown != null) {
            for (int id = 0; id < unknown.length; id++) {
                if (unknown[id] > 0) {
                    unknownIds.put(id, unknown[id]);
                }
            }
        }
        return new MappedLabels(ids.width(), ids.height(), out, unknownPixels, Collections.unmodifiableSortedMap(unknownIds));
    }

    /** For messages: "cityscapes (ids 0-33 -> 19 classes)". */
    public String describe() {
        return name + " (" + table.size() + " known ids -> " + numClasses() + " classes)";
    }

    @Override
    public String toString() {
        return "LabelMap[" + describe() + "]";
    }

    // --- the built-in tables --------------------------------------------------------------------

    private static LabelMap cityscapesTable(String name) {
        SortedMap<Integer, Integer> table = new TreeMap<>();
        for (int id = 0; id < CITYSCAPES_ID_NAMES.length; id++) {
            table.put(id, IGNORE);
        }
        for (int[] pair : CITYSCAPES_19) {
            table.put(pair[0], pair[1]);
        }
        return new LabelMap(name, 8, table, CITYSCAPES_19_CLASSES);
    }

    private static LabelMap cityscapesTo16() {
        SortedMap<Integer, Integer> table = new TreeMap<>();
        for (int id = 0; id < CITYSCAPES_ID_NAMES.length; id++) {
            table.put(id, IGNORE);
        }
        for (int[] pair : CITYSCAPES_19) {
            table.put(pair[0], SIXTEEN_OF_NINETEEN[pair[1]]);
        }
        return new LabelMap("cityscapes-16", 8, table, SYNTHIA_16_CLASSES);
    }

    private static LabelMap synthiaTable() {
        SortedMap<Integer, Integer> table = new TreeMap<>();
        for (int id = 0; id <= 22; id++) {   // SYNTHIA-RAND-CITYSCAPES classes 0 (void) .. 22 (lanemarking)
            table.put(id, IGNORE);
        }
        for (int[] pair : SYNTHIA_16) {
            table.put(pair[0], pair[1]);
        }
        return new LabelMap("synthia", 16, table, SYNTHIA_16_CLASSES);
    }

    private static LabelMap trainIdTable() {
        SortedMap<Integer, Integer> table = new TreeMap<>();
        for (int c = 0; c < CITYSCAPES_19_CLASSES.size(); c++) {
            table.put(c, c);
        }
        table.put(IGNORE, IGNORE);
        return new LabelMap("train-ids", 8, table, CITYSCAPES_19_CLASSES);
    }

    /** The Cityscapes name of label id {@code id} (0-33), for reports. */
    public static String cityscapesIdName(int id) {
        return id >= 0 && id < CITYSCAPES_ID_NAMES.length ? CITYSCAPES_ID_NAMES[id] : "id " + id;
    }
}
