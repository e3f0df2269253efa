package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.testing.ManagedTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A third network, defined here, imports through nothing but its key map. */
class WeightImporterTest extends ManagedTest {
    private static final Path FILE = Path.of("toy.pth");

    enum ToyLayout implements WeightLayout {
        OLD, NEW, CHECKPOINT;

        @Override
        public String description() {
            return "toy " + name().toLowerCase();
        }
    }

    /** Old files call the linear layer "dense" and carry a "classifier" to skip; new files use the network's keys. */
    static final class ToyKeyMap implements KeyMap {
        @Override
        public boolean isRoot(String firstComponent) {
            return firstComponent.equals("lin") || firstComponent.equals("dense") || firstComponent.equals("head");
        }

        @Override
        public WeightLayout layoutOf(Collection<String> plainKeys) {
            return plainKeys.stream().anyMatch(k -> k.startsWith("dense.")) ? ToyLayout.OLD : ToyLayout.NEW;
        }

        @Override
        public Target map(WeightLayout layout, String plainKey, TensorData tensor, Map<String, Parameter> model) {
            if (plainKey.startsWith("classifier.")) {
                return Target.ignored();
            }
            return Target.copy(layout == ToyLayout.OLD ? plainKey.replace("dense.", "lin.") : plainKey, tensor);
        }

        @Override
        public boolean keepsInitialisation(WeightLayout layout, String networkKey) {
            return layout == ToyLayout.OLD && networkKey.startsWith("head.");
        }

        @Override
        public WeightLayout checkpointLayout() {
            return ToyLayout.CHECKPOINT;
        }

        @Override
        public String describeNetwork() {
            return "the toy network";
        }
    }

    private Map<String, Parameter> network() {
        Linear lin = Linear.builder().setUnits(2).build();
        lin.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        Linear head = Linear.builder().setUnits(1).build();
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        Map<String, Parameter> model = new LinkedHashMap<>();
        model.put("lin.weight", lin.getParameters().get("weight"));
        model.put("lin.bias", lin.getParameters().get("bias"));
        model.put("head.weight", head.getParameters().get("weight"));
        model.put("head.bias", head.getParameters().get("bias"));
        return model;
    }

    private static TensorData floats(long[] shape, float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new TensorData(TensorType.FLOAT32, shape, buffer);
    }

    @Test
    void anOldFileBehindAWrapperIsRenamedCopiedAndReported() {
        Map<String, Parameter> model = network();
        Map<String, TensorData> file = new LinkedHashMap<>();
        file.put("module.dense.weight", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6));
        file.put("module.dense.bias", floats(new long[] {2}, 7, 8));
        file.put("module.dense.num_batches_tracked", floats(new long[] {1}, 0));
        file.put("module.classifier.weight", floats(new long[] {1000, 2}, new float[2000]));
        WeightImport result = WeightImporter.importTensors(FILE, file, model, new ToyKeyMap(), true);

        assertEquals(ToyLayout.OLD, result.layout());
        assertEquals("module", result.droppedPrefix());
        assertEquals(List.of("lin.weight", "lin.bias"), result.loaded());
        assertEquals(List.of("module.dense.num_batches_tracked", "module.classifier.weight"), result.ignored());
        assertEquals(List.of("head.weight", "head.bias"), result.keptInitialised());
        assertTrue(result.isExact());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, model.get("lin.weight").getArray().toFloatArray());
        assertArrayEquals(new float[] {7, 8}, model.get("lin.bias").getArray().toFloatArray());
        assertEquals("toy old (key prefix 'module.' dropped): 2 tensors loaded, 2 ignored, 2 tensors keep their"
                + " initialisation (head)", result.summary());
    }

    @Test
    void missingUnexpectedAndMisShapedKeysAreListedAndStrictRefusesBeforeCopying() {
        Map<String, Parameter> model = network();
        float[] before = model.get("lin.weight").getArray().toFloatArray();
        Map<String, TensorData> file = new LinkedHashMap<>();
        file.put("lin.weight", floats(new long[] {3, 2}, 1, 2, 3, 4, 5, 6));
        file.put("lin.bias", floats(new long[] {2}, 7, 8));
        file.put("extra.weight", floats(new long[] {1}, 9));
        WeightImport loose = WeightImporter.importTensors(FILE, file, model, new ToyKeyMap(), false);
        assertEquals(ToyLayout.NEW, loose.layout());
        assertEquals(List.of("lin.bias"), loose.loaded());
        assertEquals(List.of("extra.weight"), loose.unexpected());
        assertEquals(List.of("head.weight", "head.bias"), loose.missing());
        assertEquals(List.of(new KeyMismatch("lin.weight", "float32 [3, 2]", "float32 [2, 3]")), loose.misShaped());
        assertArrayEquals(before, model.get("lin.weight").getArray().toFloatArray(), "a mis-shaped tensor is left alone");

        Map<String, Parameter> fresh = network();
        float[] bias = fresh.get("lin.bias").getArray().toFloatArray();
        BadInputException strict = assertThrows(BadInputException.class,
                () -> WeightImporter.importTensors(FILE, file, fresh, new ToyKeyMap(), true));
        assertEquals(FILE, strict.file());
        assertTrue(strict.getMessage().contains("weights (toy new) do not fit the toy network: 2 missing: head.weight,"
                + " head.bias; 1 unexpected: extra.weight; 1 mis-shaped: 'lin.weight' is float32 [3, 2] in the file,"
                + " float32 [2, 3] in the model"), strict.getMessage());
        assertArrayEquals(bias, fresh.get("lin.bias").getArray().toFloatArray(), "strict copies nothing");

        BadInputException none = assertThrows(BadInputException.class, () -> WeightImporter.importTensors(FILE,
                Map.of("other.weight", floats(new long[] {1}, 1)), network(), new ToyKeyMap(), false));
        assertTrue(none.getMessage().contains("no tensor fits the toy network (1 tensors, first 'other.weight')"),
                none.getMessage());
    }

    @Test
    void aWrapperIsOnlyAComponentThatEveryKeySharesAndNoRootIs() {
        ToyKeyMap keys = new ToyKeyMap();
        assertEquals("module", WeightImporter.commonExtraPrefix(List.of("module.lin.weight", "module.head.bias"), keys));
        assertEquals("", WeightImporter.commonExtraPrefix(List.of("lin.weight", "lin.bias"), keys));
        assertEquals("", WeightImporter.commonExtraPrefix(List.of("a.lin.weight", "b.lin.bias"), keys));
        assertEquals("", WeightImporter.commonExtraPrefix(List.of("module.lin.weight", "bias"), keys));
        assertEquals(ToyLayout.OLD, WeightImporter.layoutOf(List.of("state_dict.dense.weight"), keys));
    }
}
