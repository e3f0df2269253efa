package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void numpyLayoutsComeOutLittleEndianCOrder() {
        LinkedHashMap<String, TensorData> w = WeightFiles.read(Fixtures.file("npy_layouts.npz"));
        assertEquals(List.of("fortran", "big_f4", "big_i8", "big_f2_fortran", "scalar", "vector", "empty"),
                new ArrayList<>(w.keySet()));
        // np.asfortranarray(arange(24).reshape(2, 3, 4) / 4): C-order values are still i / 4
        float[] fortran = w.get("fortran").toFloatArray();
        assertArrayEquals(new long[] {2, 3, 4}, w.get("fortran").shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(i / 4f, fortran[i], 0f, "fortran[" + i + "]");
        }
        assertArrayEquals(new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, w.get("big_f4").toFloatArray(), 0f);
        assertEquals(TensorType.INT64, w.get("big_i8").type());
        assertArrayEquals(new long[] {1, -2, 3L << 40}, w.get("big_i8").toLongArray());
        assertEquals(TensorType.FLOAT16, w.get("big_f2_fortran").type());
        assertArrayEquals(new long[] {3, 2}, w.get("big_f2_fortran").shape());
        assertArrayEquals(new long[0], w.get("scalar").shape());
        assertArrayEquals(new float[] {42.5f}, w.get("scalar").toFloatArray(), 0f);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, w.get("vector").toLongArray());
        assertArrayEquals(new long[] {0, 3}, w.get("empty").shape());
    }

    /** A .npy with the given format version, header dict text and data. */
    static byte[] npy(int major, String header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] h = (header + "\n").getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        out.writeBytes(PickleBuilder.le(h.length, major == 1 ? 2 : 4));
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path npz(Map<String, byte[]> arrays, boolean deflate) throws IOException {
        Path f = dir.resolve("hand.npz");
        try (OutputStream o = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(o)) {
            for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
                if (deflate) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                    zip.write(e.getValue());
                    zip.closeEntry();
                } else {
                    TorchFiles.stored(zip, e.getKey() + ".npy", e.getValue());
                }
            }
        }
        return f;
    }

    static byte[] be(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.BIG_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    @Test
    void headerVersionsAndDescriptors() throws IOException {
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("v1", npy(1, "{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }", be(5, -6)));
        a.put("v2", npy(2, "{'descr': '>i8', 'fortran_order': True, 'shape': (2, 2), }", be(1, 2, 3, 4)));
        a.put("v3", npy(3, "{\"descr\": \"<i8\", \"fortran_order\": False, \"shape\": ()}",
                PickleBuilder.le(9, 8)));
        for (boolean deflate : new boolean[] {false, true}) {
            LinkedHashMap<String, TensorData> w = WeightFiles.read(npz(a, deflate));
            assertArrayEquals(new long[] {5, -6}, w.get("v1").toLongArray());
            // Fortran order: memory 1, 2, 3, 4 is [[1, 3], [2, 4]]
            assertArrayEquals(new long[] {1, 3, 2, 4}, w.get("v2").toLongArray());
            assertArrayEquals(new long[] {9}, w.get("v3").toLongArray());
        }
    }

    private void assertNpzFails(String header, byte[] data, String message) throws IOException {
        Path f = npz(Map.of("w", npy(1, header, data)), true);
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
        assertEquals(f + ": " + message, e.getMessage());
    }

    @Test
    void unsupportedAndBrokenArraysAreNamed() throws IOException {
        String supported = "; supported: float32, float16, int64";
        assertNpzFails("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8],
                "tensor 'w' has dtype float64" + supported);
        assertNpzFails("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", new byte[1],
                "tensor 'w' has dtype uint8" + supported);
        assertNpzFails("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", new byte[1],
                "tensor 'w' has dtype bool" + supported);
        assertNpzFails("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new byte[4],
                "tensor 'w' has dtype int32" + supported);
        assertNpzFails("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4],
                "tensor 'w' has dtype a structured dtype" + supported);
        assertNpzFails("{'descr': '<f4', 'shape': (1,), }", new byte[4],
                "corrupt: array 'w''s .npy header lacks descr, fortran_order or shape");
        assertNpzFails("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8],
                "truncated: array 'w' needs 12 data bytes, its entry holds 8");
        assertNpzFails("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }", new byte[8],
                "array 'w' holds 4000000000000 bytes; arrays over 2 GiB are not supported");
        assertNpzFails("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", new byte[8],
                "corrupt: array 'w' has a bad shape [2, -1]");
        assertNpzFails("{'descr': '<f4', 'fortran_order': Fals", new byte[0],
                "corrupt: array 'w' has an unreadable .npy header (unexpected 'Fals' at character 34)");
    }
}
