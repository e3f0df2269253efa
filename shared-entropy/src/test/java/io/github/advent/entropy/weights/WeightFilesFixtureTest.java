package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Python-written fixture reads back exactly as expected.json (written by the same script) says. */
class WeightFilesFixtureTest {

    static Stream<String> files() throws IOException {
        return Fixtures.files().stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void namesDtypesShapesAndValuesMatchPython(String file) throws IOException {
        LinkedHashMap<String, TensorData> got = WeightFiles.read(Fixtures.file(file));
        List<Fixtures.Expected> want = Fixtures.expected(file);
        List<String> wantNames = new ArrayList<>();
        want.forEach(e -> wantNames.add(e.name()));
        assertEquals(wantNames, new ArrayList<>(got.keySet()), "names in order");
        for (Fixtures.Expected e : want) {
            TensorData t = got.get(e.name());
            assertEquals(e.dtype(), t.type().pythonName(), e.name());
            assertArrayEquals(e.shape(), t.shape(), e.name());
            assertEquals(e.values().size(), t.numel(), e.name());
            if (t.type() == TensorType.INT64) {
                long[] v = t.toLongArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals(e.values().get(i).getAsLong(), v[i], e.name() + "[" + i + "]");
                }
            } else {
                float[] v = t.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals((float) e.values().get(i).getAsDouble(), v[i], 0f, e.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void allResnetFormatsAgreeByteForByte() {
        Map<String, TensorData> zip = WeightFiles.read(Fixtures.file("resnet_zip.pth"));
        assertEquals(zip, WeightFiles.read(Fixtures.file("resnet_legacy.pth")));
        assertEquals(zip, WeightFiles.read(Fixtures.file("resnet.npz")));
        assertEquals(zip, WeightFiles.read(Fixtures.file("resnet.safetensors")));
    }

    @Test
    void batchNormCounterIsInt64Scalar() {
        for (String f : List.of("resnet_zip.pth", "resnet_legacy.pth", "resnet.npz", "resnet.safetensors")) {
            TensorData t = WeightFiles.read(Fixtures.file(f)).get("bn1.num_batches_tracked");
            assertEquals(TensorType.INT64, t.type(), f);
            assertArrayEquals(new long[0], t.shape(), f);
            assertArrayEquals(new long[] {7}, t.toLongArray(), f);
            assertArrayEquals(new long[] {11},
                    WeightFiles.read(Fixtures.file(f)).get("layer1.0.downsample.1.num_batches_tracked").toLongArray(), f);
        }
    }

    @Test
    void stridedViewsAndSharedStorageComeOutInCOrder() {
        for (String f : List.of("resnet_zip.pth", "resnet_legacy.pth")) {
            Map<String, TensorData> w = WeightFiles.read(Fixtures.file(f));
            // base = arange(12).reshape(3, 4) * 0.5, saved as base.t(): element [i][j] = base[j][i]
            TensorData tr = w.get("extra.transposed");
            assertArrayEquals(new long[] {4, 3}, tr.shape());
            float[] v = tr.toFloatArray();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals((j * 4 + i) * 0.5f, v[i * 3 + j], 0f, f + " transposed[" + i + "][" + j + "]");
                }
            }
            // arange(12)[1::3]: offset 1, stride 3
            assertArrayEquals(new long[] {1, 4, 7, 10}, w.get("extra.every_third").toLongArray(), f);
            // head = shared[:4], tail = shared[4:].view(2, 3): one storage, offsets 0 and 4
            float[] head = w.get("extra.shared_head").toFloatArray();
            float[] tail = w.get("extra.shared_tail").toFloatArray();
            Map<String, TensorData> npz = WeightFiles.read(Fixtures.file("resnet.npz"));
            assertArrayEquals(npz.get("extra.shared_head").toFloatArray(), head, 0f, f);
            assertArrayEquals(npz.get("extra.shared_tail").toFloatArray(), tail, 0f, f);
            assertArrayEquals(new long[] {2, 3}, w.get("extra.shared_tail").shape());
        }
    }

    @Test
    void float16StaysFloat16() {
        TensorData h = WeightFiles.read(Fixtures.file("resnet_zip.pth")).get("extra.half");
        assertEquals(TensorType.FLOAT16, h.type());
        assertEquals(12, h.byteSize());
        TensorData three = WeightFiles.read(Fixtures.file("three.safetensors")).get("half");
        assertArrayEquals(new float[] {0.5f, -2.0f, 65504.0f, 6.1035156e-05f}, three.toFloatArray(), 0f);
    }

    @Test
    void nestedCheckpointIsFlattenedAndNonTensorsSkipped() {
        LinkedHashMap<String, TensorData> w = WeightFiles.read(Fixtures.file("nested_checkpoint.pth"));
        assertEquals(20, w.size());
        assertTrue(w.keySet().stream().allMatch(k -> k.startsWith("state_dict.")), w.keySet().toString());
        assertEquals("state_dict.conv1.weight", w.keySet().iterator().next());
        assertFalse(w.containsKey("epoch"));
        assertEquals(WeightFiles.read(Fixtures.file("resnet_zip.pth")).get("fc.weight"), w.get("state_dict.fc.weight"));
    }

    @Test
    void float64IsRefusedNamingTensorAndDtype() {
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(Fixtures.file("double.pth")));
        assertEquals(Fixtures.file("double.pth") + ": tensor 'fc.weight' has dtype float64; supported: float32,"
                + " float16, int64", e.getMessage());
    }
}
