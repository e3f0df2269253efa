package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One declaration of a task's typed dataset options: parsing, its one-line refusals, and a reader built on it. */
class DatasetOptionTableTest {
    /** A task's options record, as segmentation's and detection's are. */
    record Toy(int stride, boolean labelled, boolean resize) {
        Toy withStride(int s) {
            return new Toy(s, labelled, resize);
        }

        Toy withLabelled(boolean l) {
            return new Toy(stride, l, resize);
        }

        Toy withResize(boolean r) {
            return new Toy(stride, labelled, r);
        }
    }

    private static final DatasetOptionTable<Toy> TABLE = new DatasetOptionTable<>(() -> new Toy(1, true, false))
            .option("stride", "a whole number", (o, v) -> o.withStride(DatasetOptionTable.wholeNumber(v)))
            .option("labelled", "true or false", (o, v) -> o.withLabelled(DatasetOptionTable.bool(v)))
            .option("size-mismatch", "error or resize", (o, v) -> o.withResize(DatasetOptionTable.choice(v, "error", "resize")));
    private static final Set<String> ALL = TABLE.keys().keySet();

    private static String refusal(Map<String, String> values, Set<String> allowed) {
        return assertThrows(IllegalArgumentException.class, () -> TABLE.parse("toy", values, allowed)).getMessage();
    }

    @Test
    void valuesSetTheirOptionsOverTheDefaults() {
        assertEquals(new Toy(1, true, false), TABLE.parse("toy", Map.of(), ALL));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("stride", " 4 ");
        values.put("labelled", "no");
        values.put("size-mismatch", "resize");
        assertEquals(new Toy(4, false, true), TABLE.parse("toy", values, ALL));
        assertEquals(List.of("stride", "labelled", "size-mismatch"), List.copyOf(TABLE.keys().keySet()), "declaration order");
        assertEquals("error or resize", TABLE.keys().get("size-mismatch"));
    }

    @Test
    void aBadKeyOrValueIsOneLineNamingTheDatasetAndTheOption() {
        assertEquals("unknown option 'stride' for dataset 'toy'; known: labelled, size-mismatch",
                refusal(Map.of("stride", "2"), Set.of("labelled", "size-mismatch")));
        assertEquals("dataset 'toy': option 'stride' needs a value (a whole number)", refusal(Map.of("stride", " "), ALL));
        assertEquals("dataset 'toy': option 'stride': must be a whole number, got 'two'", refusal(Map.of("stride", "two"), ALL));
        assertEquals("dataset 'toy': option 'labelled': must be true or false, got 'maybe'",
                refusal(Map.of("labelled", "maybe"), ALL));
        assertEquals("dataset 'toy': option 'size-mismatch': must be error or resize, got 'crop'",
                refusal(Map.of("size-mismatch", "crop"), ALL));
    }

    @Test
    void aTypedReaderParsesBeforeItOpensAndTakesOnlyDeclaredKeys() {
        DatasetReader<String> reader = DatasetReader.typed("toy", String.class, Set.of(DatasetContent.IMAGES), TABLE,
                Set.of("stride"), List.<String>of(), "any", (root, o) -> root + " every " + o.stride());
        assertEquals("/d every 3", reader.open(Path.of("/d"), Map.of("stride", "3")));
        assertEquals(Set.of("stride"), reader.optionKeys());
        assertThrows(IllegalArgumentException.class, () -> reader.open(Path.of("/d"), Map.of("labelled", "true")));
        assertThrows(IllegalArgumentException.class, () -> DatasetReader.typed("toy", String.class,
                Set.of(DatasetContent.IMAGES), TABLE, Set.of("zoom"), List.<String>of(), "any", (root, o) -> ""));
    }
}
