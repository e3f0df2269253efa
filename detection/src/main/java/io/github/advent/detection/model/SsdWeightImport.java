package io.github.advent.detection.model;

import io.github.advent.entropy.weights.KeyMismatch;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SsdWeights} did with a weight file.
 *
 * @param file the file (null when tensors came from elsewhere)
 * @param layout the layout recognised from the file's keys
 * @param droppedPrefix the leading key component removed from every key (DataParallel's {@code module}), or ""
 * @param loaded model keys whose values were copied from the file
 * @param converted model keys made from torchvision's fully connected layers ({@code vgg.31.*} from
 *     {@code classifier.0.*}, {@code vgg.33.*} from {@code classifier.3.*}); also in {@code loaded}
 * @param missing model keys the file should have had but lacks (left as they were)
 * @param unexpected file keys (as spelled in the file) that match nothing in the model
 * @param misShaped model keys present in the file with another shape or a non-float type (left as they were)
 * @param ignored file keys skipped on purpose: torchvision's {@code classifier.6.*} (ImageNet's 1000 classes),
 *     {@code num_batches_tracked}
 * @param keptInitialised model keys that this layout never provides (L2Norm, extras and heads when importing
 *     a VGG-16 backbone): they keep their initialisation
 * @param classMapping the {@link HeadClassMap} the confidence heads were copied through ("" when none)
 */
public record SsdWeightImport(Path file, SsdWeights.Layout layout, String droppedPrefix, List<String> loaded,
        List<String> converted, List<String> missing, List<String> unexpected, List<KeyMismatch> misShaped,
        List<String> ignored, List<String> keptInitialised, String classMapping) {

    public SsdWeightImport {
        droppedPrefix = droppedPrefix == null ? "" : droppedPrefix;
        loaded = List.copyOf(loaded);
        converted = List.copyOf(converted);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        misShaped = List.copyOf(misShaped);
        ignored = List.copyOf(ignored);
        keptInitialised = List.copyOf(keptInitialised);
        classMapping = classMapping == null ? "" : classMapping;
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
                + ": " + loaded.size() + " tensors loaded" + (converted.isEmpty() ? "" : " (" + converted.size()
                + " converted from fc6/fc7)") + ", " + ignored.size() + " ignored"
                + (classMapping.isEmpty() ? "" : ", confidence heads mapped " + classMapping);
        if (!keptInitialised.isEmpty()) {
            text += ", " + keptInitialised.size() + " tensors (L2Norm, extras, heads) keep their initialisation";
        }
        return isExact() ? text : text + "; " + problems(5);
    }
}
