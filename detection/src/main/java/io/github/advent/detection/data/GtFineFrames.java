package io.github.advent.detection.data;

import io.github.advent.entropy.data.CityscapesFiles;
import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.SampleLists;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the frames of a Cityscapes-layout image folder (clear or foggy) with their gtFine box file.
 * Labelled, a frame is any frame id that has an image or a gtFine file (or is listed), and it must
 * have both: a missing one is reported by its expected path, so a foggy image that 'advent fog'
 * did not write, or a gtFine file of the wrong kind, is named exactly.
 */
final class GtFineFrames {
    /** One frame's files; {@code annotation} is null when opened unlabelled. */
    record Frame(String name, Path image, Path annotation) {}

    private GtFineFrames() {}

    /**
     * @param imageSplit the split folder of the images ({@code leftImg8bit_foggy/val})
     * @param imageSuffix the image file suffix ({@code _leftImg8bit_foggy_beta_0.02.png})
     * @param imageWhat what the images are, for messages ("foggy image (beta 0.02)")
     * @param emptyHint appended to the message when no image is found
     */
    static List<Frame> find(Path root, Path imageSplit, String imageSuffix, String imageWhat, DetectionOptions options,
            String emptyHint) {
        Map<String, Path> images = CityscapesFiles.frames(imageSplit, imageSuffix);
        Path annotationSplit = null;
        Map<String, Path> annotations = Map.of();
        String annotationSuffix = options.boxes().suffix();
        if (options.labelled()) {
            Path gtFine = DatasetFolders.requireFolder(root.resolve(CityscapesFiles.ANNOTATIONS),
                    "Cityscapes' gtFine/{split}/{city}/*" + annotationSuffix + " (or open the dataset with labelled=false)");
            annotationSplit = CityscapesFiles.split(gtFine, options.split(),
                    "gtFine/" + options.split() + "/{city}/*" + annotationSuffix);
            annotations = CityscapesFiles.frames(annotationSplit, annotationSuffix);
        }
        Map<String, Integer> names = options.list() != null ? listed(options.list()) : found(images, annotations);
        if (images.isEmpty()) {
            // no image at all: a wrong split, beta or root rather than single missing files
            throw new BadInputException(imageSplit, "no images found: looked for {city}/*" + imageSuffix + " in this folder"
                    + emptyHint);
        }
        List<Frame> frames = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        String firstProblem = null;
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            String name = e.getKey();
            Path image = images.get(name);
            Path annotation = annotations.get(name);
            String where = e.getValue() == null ? "" : " (line " + e.getValue() + " of " + options.list() + ")";
            if (image == null) {
                missing.add(CityscapesFiles.frameFile(imageSplit, name, imageSuffix));
                firstProblem = firstProblem != null ? firstProblem : "missing " + imageWhat + " of frame " + name + where;
            } else if (options.labelled() && annotation == null) {
                missing.add(CityscapesFiles.frameFile(annotationSplit, name, annotationSuffix));
                firstProblem = firstProblem != null ? firstProblem
                        : "missing gtFine annotation (boxes=" + options.boxes().optionValue() + ") of frame " + name + where;
            } else {
                frames.add(new Frame(name, image, annotation));
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(missing.get(0), firstProblem
                    + (missing.size() > 1 ? "; " + (missing.size() - 1) + " more " + (missing.size() == 2 ? "file" : "files")
                            + " of this split missing" : ""));
        }
        return frames;
    }

    /** Frame ids with an image or an annotation, sorted (which is city, then file order). */
    private static Map<String, Integer> found(Map<String, Path> images, Map<String, Path> annotations) {
        TreeSet<String> all = new TreeSet<>(images.keySet());
        all.addAll(annotations.keySet());
        Map<String, Integer> out = new LinkedHashMap<>();
        all.forEach(name -> out.put(name, null));
        return out;
    }

    /** Frame id -> its line, in list order; a frame listed twice is refused. */
    private static Map<String, Integer> listed(Path list) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (SampleLists.Line line : SampleLists.read(list)) {
            String name = CityscapesFiles.frameName(line.text());
            Integer before = firstLine.putIfAbsent(name, line.number());
            if (before != null) {
                throw new BadInputException(list, "line " + line.number() + ": '" + name + "' is listed twice (first on line "
                        + before + ")");
            }
            out.put(name, line.number());
        }
        return out;
    }
}
