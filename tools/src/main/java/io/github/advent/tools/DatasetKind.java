package io.github.advent.tools;

import io.github.advent.segmentation.data.AcdcDataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The datasets a {@code KIND=ROOT[,key=value...]} spec may name, each with the option keys it
 * accepts for any task. An option's checker returns the canonical value or throws an
 * {@link IllegalArgumentException} whose message is shown to the user as is. Some keys belong to one
 * task ({@code boxes}, {@code min-size}: detection; {@code size}, {@code classes}: segmentation);
 * {@link DatasetSpec#requireKeys} lets a command refuse the others.
 */
public enum DatasetKind {
    CITYSCAPES("cityscapes", with(List.of("split", "classes", "boxes", "min-size"))),
    FOGGY_CITYSCAPES("foggy-cityscapes", with(List.of("split", "classes", "boxes", "min-size"), "beta", DatasetKind::fogBeta)),
    GTA5("gta5", with(List.of())),
    SYNTHIA("synthia", with(List.of())),
    ACDC("acdc", with(List.of("split"), "condition", DatasetKind::acdcCondition)),
    DARK_ZURICH("dark-zurich", with(List.of("split"))),
    /** Segmentation: images/ + labels/ (a source) or any images (a target); detection: any images, or COCO boxes with annotations=. */
    FOLDER("folder", with(List.of("labels", "annotations", "classes")));

    /** The attenuation coefficients Foggy Cityscapes is released with (file names carry them as written here). */
    public static final List<String> FOG_BETAS = List.of("0.005", "0.01", "0.02");
    /** The beta that detection adaptation and {@code foggy-cityscapes=ROOT} use when none is given. */
    public static final String DEFAULT_FOG_BETA = "0.02";

    private final String cliName;
    private final Map<String, UnaryOperator<String>> keys;

    /** Keys every dataset takes: the sample size, a file list, and what to do with mismatched or unpaired files. */

    /** The common keys plus {@code extra}, values passed on as given (the dataset reader checks them). */
    private static Map<String, UnaryOperator<String>> with(List<String> extra) {
        Map<String, UnaryOperator<String>> keys = new java.util.TreeMap<>();
        for (String key : List.of("size", "list", "size-mismatch", "unpaired")) {
            keys.put(key, DatasetKind::asGiven);
        }
        for (String key : extra) {
            keys.put(key, DatasetKind::asGiven);
        }
        return keys;
    }

    private static Map<String, UnaryOperator<String>> with(List<String> extra, String key, UnaryOperator<String> check) {
        Map<String, UnaryOperator<String>> keys = with(extra);
        keys.put(key, check);
        return keys;
    }

    DatasetKind(String cliName, Map<String, UnaryOperator<String>> keys) {
        this.cliName = cliName;
        this.keys = keys;
    }

    /** The name used on the command line, e.g. {@code foggy-cityscapes}. */
    public String cliName() {
        return cliName;
    }

    /** The option keys this kind accepts after its root, e.g. {@code beta} for foggy-cityscapes. */
    public Set<String> knownKeys() {
        return keys.keySet();
    }

    /** Checks {@code value} for option {@code key} and returns its canonical form. */
    String checkOption(String key, String value) {
        UnaryOperator<String> check = keys.get(key);
        if (check == null) {
            throw new IllegalArgumentException("unknown option '" + key + "' for dataset '" + cliName + "'; known: "
                    + String.join(", ", keys.keySet().stream().sorted().toList()));
        }
        return check.apply(value);
    }

    /** The value an option takes when the spec leaves it out ({@code null} when it has none). */
    public String defaultOption(String key) {
        return this == FOGGY_CITYSCAPES && key.equals("beta") ? DEFAULT_FOG_BETA : null;
    }

    public static DatasetKind parse(String name) {
        for (DatasetKind kind : values()) {
            if (kind.cliName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + known());
    }

    /** {@code cityscapes, foggy-cityscapes, gta5, synthia, acdc, dark-zurich, folder}. */
    public static String known() {
        return Arrays.stream(values()).map(DatasetKind::cliName).collect(Collectors.joining(", "));
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

    /** A label-map file: kept as given (empty values are refused by the parser; the file is read later). */
    private static String asGiven(String value) {
        return value;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
