package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A registry of this test's readers: "toy-labelled" opens as a {@link Labelled} dataset with labels, "toy-images"
 * as an {@link Unlabelled} one and as a {@link Labelled} one without labels. (The global registry, of the readers
 * in META-INF/services, is tested where the modules meet: tools' RegisteredDatasetCommandsTest.)
 */
class DatasetRegistryTest {
    record Labelled(Path root, Map<String, String> options) {}

    record Unlabelled(Path root) {}

    private static final DatasetRegistry REGISTRY = DatasetRegistry.of(List.of(new ToyReaders()));

    static final class ToyReaders implements DatasetReaders {
        @Override
        public List<DatasetReader<?>> readers() {
            return List.of(
                    new DatasetReader<>("toy-labelled", Labelled.class, Set.of(DatasetContent.IMAGES, DatasetContent.SEGMENTATION_LABELS),
                            Set.of("split", "size"), List.of("train", "val"), "img/, gt/", Labelled::new),
                    new DatasetReader<>("toy-images", Unlabelled.class, Set.of(DatasetContent.IMAGES), Set.of("list"), List.of(), "*.png",
                            (root, options) -> new Unlabelled(root)),
                    new DatasetReader<>("toy-images", Labelled.class, Set.of(DatasetContent.IMAGES), Set.of("beta"), List.of(), "*.png",
                            Labelled::new));
        }
    }

    @Test
    void readersOpenAndTellWhatTheyProvide() {
        Labelled opened = REGISTRY.readerFor("toy-labelled", Labelled.class, DatasetContent.IMAGES, "x").open(Path.of("/r"), Map.of("split", "val"));
        assertEquals(new Labelled(Path.of("/r"), Map.of("split", "val")), opened);
        assertEquals(new Unlabelled(Path.of("/u")), REGISTRY.readerFor("toy-images", Unlabelled.class, DatasetContent.IMAGES, "x").open(Path.of("/u"), Map.of()));
        assertEquals(List.of("toy-labelled"), REGISTRY.providing(Labelled.class, DatasetContent.SEGMENTATION_LABELS));
        assertEquals(List.of("toy-images", "toy-labelled"), REGISTRY.providing(Labelled.class, DatasetContent.IMAGES));
        assertEquals(Set.of("beta", "list"), REGISTRY.keysOf("toy-images"), "the union over its readers");
        assertEquals(List.of("train", "val"), REGISTRY.splitsOf("toy-labelled"));
        assertEquals(List.of(), REGISTRY.splitsOf("toy-images"));
        assertEquals(Set.of("toy-images", "toy-labelled"), REGISTRY.kindNames());
    }

    @Test
    void aRoleAKindCannotFillNamesTheKindsThatCan() {
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class, () -> REGISTRY.readerFor(
                "toy-images", Labelled.class, DatasetContent.SEGMENTATION_LABELS, "a segmentation source"));
        assertEquals("'toy-images' cannot be a segmentation source (it provides no segmentation labels there); kinds that"
                + " can: toy-labelled", noLabels.getMessage());
        IllegalArgumentException noReader = assertThrows(IllegalArgumentException.class, () -> REGISTRY.readerFor(
                "toy-labelled", Unlabelled.class, DatasetContent.IMAGES, "a target"));
        assertEquals("'toy-labelled' cannot be a target (it provides no images there); kinds that can: toy-images",
                noReader.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> REGISTRY.readerFor("toy-city", Labelled.class, DatasetContent.IMAGES, "x"));
        assertEquals("unknown dataset 'toy-city'; known: toy-images, toy-labelled", unknown.getMessage());
    }

    @Test
    void aKindRegisteredTwiceForOneTypeOrWithABadNameIsRefused() {
        DatasetReaders twice = () -> List.of(
                new DatasetReader<>("twin", Unlabelled.class, Set.of(DatasetContent.IMAGES), Set.of(), List.of(), "", (r, o) -> null),
                new DatasetReader<>("twin", Unlabelled.class, Set.of(DatasetContent.IMAGES), Set.of(), List.of(), "", (r, o) -> null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DatasetRegistry.of(List.of(twice)));
        assertTrue(e.getMessage().startsWith("dataset kind 'twin' is registered twice for Unlabelled"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetReader<>("Toy City", Unlabelled.class, Set.of(), Set.of(),
                List.of(), "", (r, o) -> null));
        IllegalArgumentException splits = assertThrows(IllegalArgumentException.class, () -> new DatasetReader<>("toy",
                Unlabelled.class, Set.of(), Set.of(), List.of("val"), "", (r, o) -> null));
        assertEquals("dataset kind 'toy' lists splits but takes no split option", splits.getMessage());
    }
}
