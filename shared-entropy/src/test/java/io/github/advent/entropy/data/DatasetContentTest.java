package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetContentTest {
    @Test
    void aTasksOwnContentIsAValueAndNamesItselfInRefusals() {
        DatasetContent classLabels = DatasetContent.of("class labels");
        assertEquals(classLabels, DatasetContent.of("class labels"));
        assertEquals(DatasetContent.BOXES, DatasetContent.of("boxes"));
        assertNotEquals(DatasetContent.IMAGES, classLabels);
        assertThrows(IllegalArgumentException.class, () -> DatasetContent.of(" "));

        DatasetReader<String> labelled = new DatasetReader<>("labelled-kind", String.class,
                Set.of(DatasetContent.IMAGES, classLabels), Set.of(), List.of(), "", (root, options) -> "labelled");
        DatasetReader<String> images = new DatasetReader<>("images-kind", String.class, Set.of(DatasetContent.IMAGES),
                Set.of(), List.of(), "", (root, options) -> "images");
        DatasetReaders module = () -> List.of(labelled, images);
        DatasetRegistry registry = DatasetRegistry.of(List.of(module));
        assertEquals(List.of("labelled-kind"), registry.providing(String.class, DatasetContent.of("class labels")));
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> registry.readerFor("images-kind", String.class, classLabels, "a classification source"));
        assertEquals("'images-kind' cannot be a classification source (it provides no class labels there); kinds that can: "
                + "labelled-kind", refusal.getMessage());
        assertEquals("labelled", registry.readerFor("labelled-kind", String.class, classLabels, "x").open(null, Map.of()));
    }
}
