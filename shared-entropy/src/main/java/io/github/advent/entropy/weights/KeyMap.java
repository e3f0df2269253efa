package io.github.advent.entropy.weights;

import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * A network's part of a weight import ({@link WeightImporter}): which layout a file's keys come from, and
 * where each file tensor goes in the network. Everything else (dropping a wrapper prefix, listing missing,
 * unexpected and mis-shaped keys, {@code strict}, copying) is the importer's, the same for every network.
 */
public interface KeyMap {
    /**
     * Whether a key's first component belongs to one of the network's layouts; a component shared by every
     * key of a file that is none of these is a wrapper ({@code module}, {@code Scale}) and is dropped.
     */
    boolean isRoot(String firstComponent);

    /** The layout of a file whose keys (wrapper prefix dropped) are {@code plainKeys}. */
    WeightLayout layoutOf(Collection<String> plainKeys);

    /** Refuses a file whose layout cannot go into this network at all (a BadInputException naming it); none by default. */
    default void check(Path file, WeightLayout layout) {}

    /** What to do with one file tensor (key with the wrapper prefix dropped); {@code model} is the network's state dict. */
    Target map(WeightLayout layout, String plainKey, TensorData tensor, Map<String, Parameter> model);

    /** Whether a network key that {@code layout} never provides keeps its initialisation (else it is missing). */
    boolean keepsInitialisation(WeightLayout layout, String networkKey);

    /** The layout reported for an advent checkpoint. */
    WeightLayout checkpointLayout();

    /** The network in messages, e.g. {@code SSD 'ssd300-vgg16' with 9 classes}. */
    String describeNetwork();

    /** What the importer called the tensors it copied after {@link Target#mapped}, e.g. the class map; "" for none. */
    default String mappingDescription() {
        return "";
    }

    /** The fate of one file tensor. */
    record Target(Kind kind, String key, TensorData tensor, KeyMismatch mismatch) {
        public enum Kind {
            /** Copied to {@code key} as it is in the file. */
            COPY,
            /** Copied to {@code key} after a conversion (e.g. fc6 to a dilated conv6). */
            CONVERTED,
            /** Copied to {@code key} after {@link #mappingDescription()} (e.g. COCO rows to Cityscapes classes). */
            MAPPED,
            /** Skipped on purpose. */
            IGNORED,
            /** Matches nothing in the network. */
            UNEXPECTED,
            /** Belongs to {@code key} but cannot fit it ({@code mismatch} says why). */
            MIS_SHAPED
        }

        public static Target copy(String key, TensorData tensor) {
            return new Target(Kind.COPY, key, tensor, null);
        }

        public static Target converted(String key, TensorData tensor) {
            return new Target(Kind.CONVERTED, key, tensor, null);
        }

        public static Target mapped(String key, TensorData tensor) {
            return new Target(Kind.MAPPED, key, tensor, null);
        }

        public static Target ignored() {
            return new Target(Kind.IGNORED, null, null, null);
        }

        public static Target unexpected() {
            return new Target(Kind.UNEXPECTED, null, null, null);
        }

        public static Target misShaped(KeyMismatch mismatch) {
            return new Target(Kind.MIS_SHAPED, mismatch.key(), null, mismatch);
        }
    }
}
