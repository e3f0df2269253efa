package io.github.advent.eval.segmentation;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.io.LabelPng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saved predictions: single-channel train-id PNGs named after the images,
 * {@code <city>_<seq>_<frame>_leftImg8bit.png} (Foggy Cityscapes names with
 * {@code _leftImg8bit_foggy_beta_<beta>.png}, and ACDC / Dark Zurich names
 * {@code <sequence>_frame_<n>_rgb_anon.png}, are accepted too), directly in the folder or in
 * city sub-folders. Other files are not predictions and are left alone. A dataset of your own names
 * its images freely: its predictions are every PNG, named by the image's stem ({@link #indexByStem}).
 * Each prediction is
 * compared with its label at the label's own size; a missing, extra or duplicated prediction is
 * bad input, never skipped.
 */
public final class PredictionFolder implements SegmentationPredictor {
    /**
     * The name of a prediction file; group 1 (Cityscapes) or group 2 (ACDC and Dark Zurich,
     * {@code <sequence>_frame_<n>_rgb_anon.png}) is the image id: see {@link #imageId}.
     */
    public static final Pattern NAME = Pattern.compile(
            "(?:(.+_\\d{6}_\\d{6})_leftImg8bit(?:_foggy_beta_(?:0\\.005|0\\.01|0\\.02))?|(.+_frame_\\d{6})_rgb_anon)\\.png");

    /** The image id of a matched {@link #NAME}. */
    public static String imageId(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private final Path folder;
    private final Map<String, Path> byId;
    private final boolean byStem;

    private PredictionFolder(Path folder, Map<String, Path> byId, boolean byStem) {
        this.folder = folder;
        this.byId = byId;
        this.byStem = byStem;
    }

    /** Indexes the prediction PNGs under {@code folder} (any depth) named as the benchmarks name images. */
    public static PredictionFolder index(Path folder) {
        return index(folder, false);
    }

    /**
     * Indexes every PNG under {@code folder} (any depth) by its name without {@code .png}: the predictions of a
     * dataset of your own ({@code images/a.jpg} is predicted by {@code a.png}, as {@code advent predict} writes it);
     * a name as the benchmarks write them ({@code <id>_leftImg8bit.png}) stands for its image id, as in {@link #index}.
     */
    public static PredictionFolder indexByStem(Path folder) {
        return index(folder, true);
    }

    private static PredictionFolder index(Path folder, boolean byStem) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder, Files.exists(folder) ? "not a folder" : "no such folder");
        }
        Map<String, Path> byId = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                Matcher m = NAME.matcher(name);
                String id = m.matches() ? imageId(m)
                        : byStem && name.endsWith(".png") ? name.substring(0, name.length() - 4) : null;
                if (id != null) {
                    Path previous = byId.putIfAbsent(id, file);
                    if (previous != null) {
                        throw new BadInputException(file, "a second prediction for " + id + " (the other is "
                                + previous + ")");
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(folder, "cannot list: " + e.getMessage(), e);
        }
        if (byId.isEmpty()) {
            throw new BadInputException(folder, "no prediction PNGs " + (byStem ? "" : "named <city>_<seq>_<frame>_leftImg8bit.png ")
                    + "here or in its sub-folders");
        }
        return new PredictionFolder(folder, byId, byStem);
    }

    public Path folder() {
        return folder;
    }

    /** How many prediction files the folder holds. */
    public int size() {
        return byId.size();
    }

    /**
     * Checks that every image has exactly one prediction and every prediction an image: the first
     * image without a prediction (naming its label file), else the first prediction without an
     * image (naming the prediction), is a {@link BadInputException}.
     */
    public void checkPairs(List<LabelledImage> images) {
        Map<String, LabelledImage> byImage = new HashMap<>();
        int missing = 0;
        LabelledImage firstMissing = null;
        for (LabelledImage image : images) {
            byImage.put(image.id(), image);
            if (!byId.containsKey(image.id())) {
                missing++;
                if (firstMissing == null) {
                    firstMissing = image;
                }
            }
        }
        if (firstMissing != null) {
            throw new BadInputException(firstMissing.labelFile(), "no prediction for this label in " + folder
                    + " (expected " + firstMissing.id() + (byStem ? ".png, flat or in a sub-folder); "
                            : "_leftImg8bit.png, flat or in a city folder); ") + missing
                    + " of " + images.size() + " labels have none");
        }
        for (Map.Entry<String, Path> e : byId.entrySet()) {
            if (!byImage.containsKey(e.getKey())) {
                throw new BadInputException(e.getValue(), "prediction without a label: no " + e.getKey()
                        + (byStem ? " label" : CityscapesGroundTruth.LABEL_SUFFIX) + " in the ground truth being scored");
            }
        }
    }

    @Override
    public Path source(LabelledImage image) {
        return byId.get(image.id());
    }

    @Override
    public LabelImage predict(LabelledImage image, int width, int height, LabelImage reuse) {
        Path file = byId.get(image.id());
        if (file == null) {
            throw new BadInputException(image.labelFile(), "no prediction for this label in " + folder);
        }
        return LabelPng.read(file, reuse);
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public String describe() {
        return "saved train-id predictions in " + folder + " (" + byId.size() + " PNGs)";
    }
}
