package io.github.advent.entropy.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cityscapes' file layout, {@code FOLDER/{split}/{city}/{city}_{seq}_{frame}SUFFIX}, shared by the
 * clear images ({@code leftImg8bit}), Foggy Cityscapes ({@code leftImg8bit_foggy}) and the
 * annotations ({@code gtFine}: label ids, instance ids, polygons). Task-neutral: it finds files and
 * names frames; what a task reads from them is its own business.
 */
public final class CityscapesFiles {
    public static final String IMAGES = "leftImg8bit";
    public static final String FOGGY_IMAGES = "leftImg8bit_foggy";
    public static final String ANNOTATIONS = "gtFine";
    public static final String IMAGE_SUFFIX = "_leftImg8bit.png";
    public static final String LABEL_IDS_SUFFIX = "_gtFine_labelIds.png";
    public static final String TRAIN_IDS_SUFFIX = "_gtFine_labelTrainIds.png";
    public static final String INSTANCE_IDS_SUFFIX = "_gtFine_instanceIds.png";
    public static final String POLYGONS_SUFFIX = "_gtFine_polygons.json";
    public static final String COLOR_SUFFIX = "_gtFine_color.png";
    /** The fog densities Foggy Cityscapes was released with (Sakaridis et al. 2018), as file names write them. */
    public static final String[] BETAS = {"0.005", "0.01", "0.02"};

    private static final String[] KNOWN_SUFFIXES = {IMAGE_SUFFIX, LABEL_IDS_SUFFIX, TRAIN_IDS_SUFFIX, INSTANCE_IDS_SUFFIX,
        POLYGONS_SUFFIX, COLOR_SUFFIX};
    private static final Pattern FOGGY = Pattern.compile("_leftImg8bit_foggy_beta_([0-9.]+)\\.png$");

    private CityscapesFiles() {}

    /** The file suffix of a fog density: {@code _leftImg8bit_foggy_beta_0.02.png}. */
    public static String foggySuffix(String beta) {
        return "_leftImg8bit_foggy_beta_" + canonicalBeta(beta) + ".png";
    }

    /**
     * One of the released betas as written in file names ("0.02"), accepting equal numbers ("0.020").
     *
     * @throws IllegalArgumentException for any other value, listing the released ones
     */
    public static String canonicalBeta(String beta) {
        if (beta != null) {
            for (String released : BETAS) {
                try {
                    if (Double.parseDouble(beta.strip()) == Double.parseDouble(released)) {
                        return released;
                    }
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("beta must be one of 0.005, 0.01, 0.02 (the Foggy Cityscapes releases); got '" + beta
                + "'");
    }

    /** The split folder under {@code folder} ({@code gtFine/val}), or a message listing the splits present. */
    public static Path split(Path folder, String split, String expected) {
        return DatasetFolders.requireFolder(folder.resolve(split), expected);
    }

    /**
     * Frame id (e.g. {@code frankfurt_000000_000294}) -> file, for every {@code {city}/*SUFFIX}
     * under {@code splitFolder}, in city then file-name order.
     */
    public static Map<String, Path> frames(Path splitFolder, String suffix) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path city : DatasetFolders.folders(splitFolder)) {
            for (Path file : DatasetFolders.files(city)) {
                String name = file.getFileName().toString();
                if (name.endsWith(suffix)) {
                    out.put(name.substring(0, name.length() - suffix.length()), file);
                }
            }
        }
        return out;
    }

    /** The file of frame {@code frame} under a split folder: {@code splitFolder/{city}/{frame}SUFFIX}. */
    public static Path frameFile(Path splitFolder, String frame, String suffix) {
        int underscore = frame.indexOf('_');
        String city = underscore < 0 ? frame : frame.substring(0, underscore);
        return splitFolder.resolve(city).resolve(frame + suffix);
    }

    /**
     * The frame id a file-list entry names: folders and any Cityscapes image or annotation suffix
     * (clear, foggy of any beta, gtFine) removed, else a {@code .png} extension.
     */
    public static String frameName(String entry) {
        String name = DatasetFolders.fileName(entry);
        for (String suffix : KNOWN_SUFFIXES) {
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

    /** For an empty foggy split: " (it holds beta 0.005, 0.01)", or "" when it holds no foggy image. */
    public static String betasPresent(Path splitFolder) {
        TreeSet<String> betas = new TreeSet<>();
        for (Path city : DatasetFolders.folders(splitFolder)) {
            for (Path file : DatasetFolders.files(city)) {
                Matcher m = FOGGY.matcher(file.getFileName().toString());
                if (m.find()) {
                    betas.add(m.group(1));
                }
            }
        }
        return betas.isEmpty() ? "" : " (it holds beta " + String.join(", ", betas) + ")";
    }
}
