package io.github.advent.segmentation.model;

import io.github.advent.entropy.weights.KeyMismatch;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DeepLabWeights} did with a weight file.
 *
 * @param file the file (null when tensors came from elsewhere)
 * @param layout the layout recognised from the file's keys
 * @param droppedPrefix the leading key component removed from every key (e.g. {@code Scale}), or "" if none
 * @param loaded model keys whose values were copied from the file
 * @param missing model keys the file should have had but lacks (left as they were)
 * @param unexpected file keys (as spelled in the file) that match nothing in the model
 * @param misShaped model keys present in the file with another shape or a non-float type (left as they were)
 * @param ignored file keys skipped on purpose: {@code num_batches_tracked}, torchvision's {@code fc.*}, the
 *     DeepLab ImageNet file's old {@code layer5} classifier
 * @param keptInitialised model keys that this layout never provides (the heads, when importing an
 *     ImageNet backbone): they keep their N(0, 0.01) initialisation
 */
public record WeightImport(Path file, DeepLabWeights.Layout layout, String droppedPrefix, List<String> loaded,
        List<String> missing, List<String> unexpected, List<KeyMismatch> misShaped, List<String> ignored,
        List<String> keptInitialised) {

    public WeightImport {
        droppedPrefix = droppedPrefix == null ? "" : droppedPrefix;
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        misShaped = List.copyOf(misShaped);
        ignored = List.copyOf(ignored);
        keptInitialised = List.copyOf(keptInitialised);
    }

    /** True when nothing is missing, unexpected or mis-shaped (what {@code strict} demands). */
    public boolean isExact() {
        return missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty();
    }

    /** The problems, one clause each, names listed (at most {@code limit} per kind); "" when exact. */
    public String problems(int limit) {
        return KeyMismatch.problems(missing, unexpected, misShaped, limit);
    }

    /** One line for a log: layout, counts and the first problems. */
    public String summary() {
        String text = layout.description() + (droppedPrefix.isEmpty() ? "" : " (key prefix '" + droppedPrefix + ".' dropped)")
                + ": " + loaded.size() + " tensors loaded, " + ignored.size() + " ignored";
        if (!keptInitialised.isEmpty()) {
            text += ", " + keptInitialised.size() + " head tensors keep their initialisation";
        }
        return isExact() ? text : text + "; " + problems(5);
    }
}
