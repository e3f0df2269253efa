package io.github.advent.entropy.data;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Folder checks and listings for dataset layouts, task-neutral (segmentation and detection datasets
 * use them). Every problem is a {@link BadInputException} naming the folder; a missing folder's
 * message lists what its parent does hold, since a typo in a split or folder name is the usual cause.
 */
public final class DatasetFolders {
    private DatasetFolders() {}

    /** {@code root} exists and is a folder; {@code kind} names the dataset in the message ("Cityscapes"). */
    public static void requireRoot(Path root, String kind) {
        if (!Files.exists(root)) {
            throw new BadInputException(root, "missing: no such folder (the " + kind + " dataset root)");
        }
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, "is a file, expected a folder (the " + kind + " dataset root)");
        }
    }

    /** {@code folder} exists and is a folder; {@code expected} says what it should hold. */
    public static Path requireFolder(Path folder, String expected) {
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
    public static String subfolders(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            List<String> names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            return String.join(", ", names);
        } catch (IOException e) {
            return "";
        }
    }

    /** Regular, non-hidden files directly in {@code folder}, sorted by name. */
    public static List<Path> files(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile)
                    .sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /** Non-hidden subfolders of {@code folder}, sorted by name. */
    public static List<Path> folders(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isDirectory).sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /** The lower-case extension of a file name without the dot, or "". */
    public static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** A file name without its extension ("00001.png" -> "00001"; ".hidden" stays). */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName : fileName.substring(0, dot);
    }

    /** The file name of a list entry ("frankfurt/x_leftImg8bit.png" -> "x_leftImg8bit.png"), either slash. */
    public static String fileName(String entry) {
        String normalised = entry.replace('\\', '/');
        int slash = normalised.lastIndexOf('/');
        return slash < 0 ? normalised : normalised.substring(slash + 1);
    }
}
