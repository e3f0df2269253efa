package io.github.advent.entropy.weights;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link WeightImporter} did with a weight file, for any network.
 *
 * @param file the file (null when tensors came from elsewhere)
 * @param layout the layout recognised from the file's keys
 * @param droppedPrefix the leading key component removed from every key (DataParallel's {@code module},
 *     DeepLab's {@code Scale}), or "" if none
 * @param loaded network keys whose values were copied from the file
 * @param converted network keys made by a conversion (also in {@code loaded}), e.g. SSD's conv6 from fc6
 * @param missing network keys the file should have had but lacks (left as they were)
 * @param unexpected file keys (as spelled in the file) that match nothing in the network
 * @param misShaped network keys present in the file with another shape or a non-float type (left as they were)
 * @param ignored file keys skipped on purpose ({@code num_batches_tracked}, ImageNet classifiers, ...)
 * @param keptInitialised network keys that this layout never provides (e.g. the heads when importing an ImageNet
 *     backbone): they keep their initialisation
 * @param mapping how mapped tensors were transformed (e.g. the COCO to Cityscapes class map), "" when none were
 */
public record WeightImport(Path file, WeightLayout layout, String droppedPrefix, List<String> loaded,
        List<String> converted, List<String> missing, List<String> unexpected, List<KeyMismatch> misShaped,
        List<String> ignored, List<String> keptInitialised, String mapping) {

    public WeightImport {
        droppedPrefix = droppedPrefix == null ? "" : droppedPrefix;
        loaded = List.copyOf(loaded);
        converted = List.copyOf(converted);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        misShaped = List.copyOf(misShaped);
        ignored = List.copyOf(ignored);
        keptInitialised = List.copyOf(keptInitialised);
        mapping = mapping == null ? "" : mapping;
    }

    /** An advent checkpoint restored whole: every network key loaded. */
    public static WeightImport wholeCheckpoint(Path file, WeightLayout layout, List<String> networkKeys) {
        return new WeightImport(file, layout, "", networkKeys, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), "");
    }

    /** True when nothing is missing, unexpected or mis-shaped (what {@code strict} demands). */
    public boolean isExact() {
        return missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty();
    }

    /** The problems, one clause each, names listed (at most {@code limit} per kind); "" when exact. */
    public String problems(int limit) {
        return KeyMismatch.problems(missing, unexpected, misShaped, limit);
    }

    /** One line for a log: layout, counts, what keeps its initialisation (by leading key component) and the first problems. */
    public String summary() {
        String text = layout.description() + (droppedPrefix.isEmpty() ? "" : " (key prefix '" + droppedPrefix + ".' dropped)")
                + ": " + loaded.size() + " tensors loaded" + (converted.isEmpty() ? "" : " (" + converted.size()
                + " converted)") + ", " + ignored.size() + " ignored" + (mapping.isEmpty() ? "" : ", " + mapping);
        if (!keptInitialised.isEmpty()) {
            String parts = keptInitialised.stream().map(k -> k.substring(0, Math.max(0, k.indexOf('.'))))
                    .distinct().collect(java.util.stream.Collectors.joining(", "));
            text += ", " + keptInitialised.size() + " tensors keep their initialisation (" + parts + ")";
        }
        return isExact() ? text : text + "; " + problems(5);
    }
}
