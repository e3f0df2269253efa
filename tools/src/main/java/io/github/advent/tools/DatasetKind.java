package io.github.advent.tools;

import io.github.advent.entropy.data.DatasetRegistry;
import io.github.advent.segmentation.data.AcdcDataset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A kind of dataset a {@code KIND=ROOT[,key=value...]} spec may name: any kind in the shared
 * {@link DatasetRegistry} (the built-in ones below, and any a jar on the class path registers). Its option keys
 * are those of all its readers (both tasks'), less {@code labelled}, which the commands set themselves. Some
 * keys belong to one task ({@code boxes}, {@code min-size}: detection; {@code size}, {@code classes}:
 * segmentation); {@link DatasetSpec#requireKeys} lets a command refuse the others. {@code beta} and
 * {@code condition} are checked and made canonical here, for every kind that takes them.
 */
public record DatasetKind(String cliName) {
    public static final DatasetKind CITYSCAPES = new DatasetKind("cityscapes");
    public static final DatasetKind FOGGY_CITYSCAPES = new DatasetKind("foggy-cityscapes");
    public static final DatasetKind ACDC = new DatasetKind("acdc");
    public static final DatasetKind DARK_ZURICH = new DatasetKind("dark-zurich");
    /** Segmentation: images/ + labels/ (a source) or any images (a target); detection: any images, or COCO boxes with annotations=. */
    public static final DatasetKind FOLDER = new DatasetKind("folder");

    /** The attenuation coefficients Foggy Cityscapes is released with (file names carry them as written here). */
    public static final List<String> FOG_BETAS = List.of("0.005", "0.01", "0.02");
    /** The beta that detection adaptation and {@code foggy-cityscapes=ROOT} use when none is given. */
    public static final String DEFAULT_FOG_BETA = "0.02";
    /** Set by the commands (a target is read unlabelled), never on the command line. */
    private static final String LABELLED = "labelled";
    private static final Map<String, UnaryOperator<String>> CHECKED = Map.of("beta", DatasetKind::fogBeta,
            "condition", DatasetKind::acdcCondition);

    /** The option keys this kind accepts after its root, e.g. {@code beta} for foggy-cityscapes. */
    public Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(DatasetRegistry.optionKeys(cliName));
        keys.remove(LABELLED);
        return keys;
    }

    /** Checks {@code value} for option {@code key} and returns its canonical form. */
    String checkOption(String key, String value) {
        if (!knownKeys().contains(key)) {
            throw new IllegalArgumentException("unknown option '" + key + "' for dataset '" + cliName + "'; known: "
                    + String.join(", ", knownKeys()));
        }
        List<String> splits = DatasetRegistry.splits(cliName);
        if (key.equals("split") && !splits.isEmpty() && !splits.contains(value)) {
            throw new IllegalArgumentException("unknown split '" + value + "' for dataset '" + cliName + "'; known: "
                    + String.join(", ", splits));
        }
        return CHECKED.getOrDefault(key, UnaryOperator.identity()).apply(value);
    }

    /** The value an option takes when the spec leaves it out ({@code null} when it has none). */
    public String defaultOption(String key) {
        return key.equals("beta") && knownKeys().contains("beta") ? DEFAULT_FOG_BETA : null;
    }

    /** The registered kind of that name. @throws IllegalArgumentException "unknown dataset 'x'; known: ..." */
    public static DatasetKind parse(String name) {
        if (!DatasetRegistry.isKind(name)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + known());
        }
        return new DatasetKind(name);
    }

    /** Every registered kind, in registration order. */
    public static List<DatasetKind> all() {
        return DatasetRegistry.kinds().stream().map(DatasetKind::new).toList();
    }

    /** {@code gta5, synthia, cityscapes, foggy-cityscapes, acdc, dark-zurich, folder, coco}. */
    public static String known() {
        return String.join(", ", DatasetRegistry.kinds());
    }

    /** Canonical fog coefficient: one of {@link #FOG_BETAS}, accepting equal numbers written otherwise (0.020). */
    static String fogBeta(String value) {
        double beta;
        try {
            beta = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("beta must be a number, one of 0.005, 0.01, 0.02; got '" + value + "'");
        }
        for (String released : FOG_BETAS) {
            if (Double.parseDouble(released) == beta) {
                return released;
            }
        }
        throw new IllegalArgumentException("beta must be one of 0.005, 0.01, 0.02 (the Foggy Cityscapes releases); got '"
                + value + "'");
    }

    /** One of ACDC's conditions, or all of them. */
    static String acdcCondition(String value) {
        if (AcdcDataset.CONDITIONS.contains(value) || AcdcDataset.ALL_CONDITIONS.equals(value)) {
            return value;
        }
        throw new IllegalArgumentException("unknown ACDC condition '" + value + "'; known: " + String.join(", ", AcdcDataset.CONDITIONS)
                + ", " + AcdcDataset.ALL_CONDITIONS);
    }

    @Override
    public String toString() {
        return cliName;
    }
}
