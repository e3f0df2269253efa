package io.github.advent.entropy.data;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every image under a folder, at any depth: your own unlabelled data (dash-cam frames, a scraped
 * folder) as an adaptation target, for any task. Samples are named by their path relative to the
 * folder without the extension ({@code day1/clip3/000042}), in that order; hidden files and folders
 * are skipped. A file list ({@code list=FILE}) picks and orders them by relative path
 * ({@code day1/clip3/000042.jpg}; the extension may be left out).
 */
public final class ImageTree {
    /** What a target folder may hold: the formats cameras and frame grabbers write. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");

    private ImageTree() {}

    /**
     * Name -> image file for every image under {@code folder} (or those {@code list} names, in its
     * order); {@code list} may be null.
     *
     * @throws BadInputException when the folder holds no image, two files share a name (a.png, a.jpg), or
     *     the list names an image that is not there
     */
    public static Map<String, Path> find(Path folder, Path list) {
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                Path relative = folder.relativize(file);
                if (hidden(relative) || !EXTENSIONS.contains(DatasetFolders.extension(file))) {
                    continue;
                }
                String name = DatasetFolders.stem(relative.toString().replace('\\', '/'));
                Path before = found.putIfAbsent(name, file);
                if (before != null) {
                    throw new BadInputException(file, "two images named '" + name + "' (the other is " + before.getFileName()
                            + "); keep one");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(folder, "cannot list the folder: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new BadInputException(folder, "no images found (looked for *.jpeg, *.jpg, *.png in this folder and its"
                    + " sub-folders)");
        }
        if (list == null) {
            return new LinkedHashMap<>(found);
        }
        Map<String, Path> chosen = new LinkedHashMap<>();
        for (String name : SampleLists.names(list, found, ImageTree::nameOf, folder)) {
            chosen.put(name, found.get(name));
        }
        return chosen;
    }

    /** The sample name of a list entry: a relative path, either slash, its image extension removed. */
    static String nameOf(String entry) {
        String path = entry.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        String extension = DatasetFolders.extension(Path.of(DatasetFolders.fileName(path)));
        return EXTENSIONS.contains(extension) ? path.substring(0, path.length() - extension.length() - 1) : path;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
