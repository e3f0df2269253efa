package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Folder walking, pairing and file lists shared by the dataset layouts; every problem a BadInputException. */
final class Layout {
    private static final Logger LOG = LoggerFactory.getLogger(Layout.class);
    private static final int NAMES_SHOWN = 5;

    private Layout() {}

    /** One sample's files; {@code label} is null for unlabelled datasets. */
    record Entry(String name, Path image, Path label) {}

    /** A line of a file list. */
    record ListLine(int number, String text) {}

    static void requireRoot(Path root, String kind) {
        if (!Files.exists(root)) {
            throw new BadInputException(root, "missing: no such folder (the " + kind + " dataset root)");
        }
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, "is a file, expected a folder (the " + kind + " dataset root)");
        }
    }

    static Path requireFolder(Path folder, String expected) {
        if (!Files.exists(folder)) {
            Path parent = folder.getParent();
            String present = parent == null ? "" : subfolders(parent);
            throw new BadInputException(folder, "missing folder (expected " + expected + ")"
                    + (present.isEmpty() ? "" : "; " + parent.getFileName() + "/ has: " + present));
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder, "is a file, expected a folder (" + expected + ")");
        }
        return folder;
    }

    /** The names of the subfolders of {@code folder}, comma separated (for hints), or "". */
    static String subfolders(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            List<String> names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            return String.join(", ", names);
        } catch (IOException e) {
            return "";
        }
    }

    /** Regular, non-hidden files directly in {@code folder}, sorted by name. */
    static List<Path> files(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile)
                    .sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /** Non-hidden subfolders of {@code folder}, sorted by name. */
    static List<Path> folders(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName : fileName.substring(0, dot);
    }

    /**
     * Files of {@code folder} whose extension is in {@code extensions}, by stem; two files sharing a
     * stem (a.png, a.jpg) are refused.
     */
    static Map<String, Path> byStem(Path folder, Set<String> extensions, String what) {
        Map<String, Path> out = new HashMap<>();
        for (Path file : files(folder)) {
            if (!extensions.contains(extension(file))) {
                continue;
            }
            String stem = stem(file.getFileName().toString());
            Path before = out.putIfAbsent(stem, file);
            if (before != null) {
                throw new BadInputException(folder, "two " + what + " files named '" + stem + "': " + before.getFileName() + " and "
                        + file.getFileName() + "; keep one");
            }
        }
        return out;
    }

    /** The meaningful lines of a file list (blank lines and {@code #} comments skipped). */
    static List<ListLine> readList(Path list) {
        List<String> lines;
        try {
            if (Files.isDirectory(list)) {
                throw new BadInputException(list, "is a folder, expected a file list (one sample name per line)");
            }
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(list, "missing file list");
        } catch (IOException e) {
            throw new BadInputException(list, "cannot read the file list: " + e.getMessage(), e);
        }
        List<ListLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                out.add(new ListLine(i + 1, text));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(list, "the file list names no sample");
        }
        return out;
    }

    /**
     * The names of a file list, in its order, each resolved by {@code toName} (which strips folders
     * and known suffixes) and required to be one of {@code available}.
     */
    static List<String> listedNames(Path list, Map<String, ?> available, Function<String, String> toName, Path lookedIn) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (ListLine line : readList(list)) {
            String name = toName.apply(line.text());
            if (!available.containsKey(name)) {
                throw new BadInputException(list, "line " + line.number() + ": no image '" + line.text() + "' (sample '" + name
                        + "') in " + lookedIn);
            }
            Integer before = firstLine.putIfAbsent(name, line.number());
            if (before != null) {
                throw new BadInputException(list, "line " + line.number() + ": '" + name + "' is listed twice (first on line "
                        + before + ")");
            }
            names.add(name);
        }
        return names;
    }

    /** The file name of a list entry ("frankfurt/x_leftImg8bit.png" -> "x_leftImg8bit.png"). */
    static String fileName(String entry) {
        String normalised = entry.replace('\\', '/');
        int slash = normalised.lastIndexOf('/');
        return slash < 0 ? normalised : normalised.substring(slash + 1);
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
