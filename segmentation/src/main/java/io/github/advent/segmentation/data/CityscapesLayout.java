package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Cityscapes' {@code FOLDER/{split}/{city}/{city}_{seq}_{frame}SUFFIX} layout, shared by the clear and foggy images. */
final class CityscapesLayout {
    static final String LABEL_SUFFIX = "_gtFine_labelIds.png";
    private static final Pattern FOGGY = Pattern.compile("_leftImg8bit_foggy_beta_[0-9.]+\\.png$");

    private CityscapesLayout() {}

    /** The label map for the chosen class count (19, or 16 for SYNTHIA-trained models). */
    static LabelMap labelMap(DatasetOptions options) {
        return options.classes() == 16 ? LabelMap.cityscapes16() : LabelMap.cityscapes();
    }

    /** The split folder under {@code folder}, or a message listing the splits present. */
    static Path split(Path folder, String split, String expected) {
        return Layout.requireFolder(folder.resolve(split), expected);
    }

    /** name (the frame id, e.g. frankfurt_000000_000294) -> file, for every {city}/*SUFFIX under {@code splitFolder}. */
    static Map<String, Path> frames(Path splitFolder, String suffix) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path city : Layout.folders(splitFolder)) {
            for (Path file : Layout.files(city)) {
                String name = file.getFileName().toString();
                if (name.endsWith(suffix)) {
                    out.put(name.substring(0, name.length() - suffix.length()), file);
                }
            }
        }
        return out;
    }

    /** The frame id a file-list entry names: folders and any Cityscapes image/label suffix removed. */
    static String frameName(String entry) {
        String name = Layout.fileName(entry);
        for (String suffix : new String[] {"_leftImg8bit.png", LABEL_SUFFIX, "_gtFine_labelTrainIds.png"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        String foggy = FOGGY.matcher(name).replaceFirst("");
        if (!foggy.equals(name)) {
            return foggy;
        }
        return name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    }

    static List<Layout.Entry> find(String kind, Path root, Path imageSplit, String imageSuffix, DatasetOptions options,
            String emptyHint) {
        Map<String, Path> found = frames(imageSplit, imageSuffix);
        Map<String, Path> images = new LinkedHashMap<>();
        if (options.list() != null) {
            for (String name : Layout.listedNames(options.list(), found, CityscapesLayout::frameName, imageSplit)) {
                images.put(name, found.get(name));
            }
        } else {
            images.putAll(found);
        }
        if (images.isEmpty()) {
            throw new BadInputException(imageSplit, "no images found: looked for {city}/*" + imageSuffix + " in this folder"
                    + emptyHint);
        }
        if (!options.labelled()) {
            List<Layout.Entry> entries = new ArrayList<>();
            images.forEach((name, image) -> entries.add(new Layout.Entry(name, image, null)));
            return entries;
        }
        Path gtFine = Layout.requireFolder(root.resolve("gtFine"), "Cityscapes' gtFine/ labels (or open the dataset unlabelled)");
        Path labelSplit = split(gtFine, options.split(), "gtFine/" + options.split() + "/{city}/*" + LABEL_SUFFIX);
        Map<String, Path> labels = frames(labelSplit, LABEL_SUFFIX);
        return Layout.pair(kind, images, labels, imageSplit, labelSplit, options.list() == null, options.skipUnpaired());
    }

    /** For an empty foggy split: which betas the folder does hold. */
    static String betasPresent(Path splitFolder) {
        TreeSet<String> betas = new TreeSet<>();
        for (Path city : Layout.folders(splitFolder)) {
            for (Path file : Layout.files(city)) {
                var m = Pattern.compile("_leftImg8bit_foggy_beta_([0-9.]+)\\.png$").matcher(file.getFileName().toString());
                if (m.find()) {
                    betas.add(m.group(1));
                }
            }
        }
        return betas.isEmpty() ? "" : " (it holds beta " + String.join(", ", betas) + ")";
    }
}
