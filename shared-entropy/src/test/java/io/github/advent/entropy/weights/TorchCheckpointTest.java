package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint structures torch 1.13 cannot write any more but old files contain (Python 2 strings,
 * storage views, the old _rebuild_tensor), and the error paths of both layouts.
 */
class TorchCheckpointTest {
    @TempDir
    Path dir;

    static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(i);
        }
        return b.array();
    }

    static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    /** ('storage', torch.CLS, key, 'cpu', numel, view) as Python 2 writes it; view may be null. */
    static PickleBuilder legacyPid(PickleBuilder p, String cls, String key, long numel, Object[] view) {
        p.mark().shortBinstring("storage").global("torch", cls).shortBinstring(key).shortBinstring("cpu")
                .long1(BigInteger.valueOf(numel));
        if (view == null) {
            p.none();
        } else {
            p.shortBinstring((String) view[0]).integer((Long) view[1]).integer((Long) view[2]).tuple(3);
        }
        return p.op('t').op('Q');
    }

    /** ('storage', torch.CLS, key, 'cpu', numel) as torch >= 1.6 writes it. */
    static PickleBuilder zipPid(PickleBuilder p, String cls, String key, long numel) {
        return p.mark().binunicode("storage").global("torch", cls).binunicode(key).binunicode("cpu").integer(numel)
                .op('t').op('Q');
    }

    static PickleBuilder ints(PickleBuilder p, long... v) {
        p.mark();
        for (long x : v) {
            p.long1(BigInteger.valueOf(x)); // Python 2 sizes are longs
        }
        return p.op('t');
    }

    static PickleBuilder emptyHooks(PickleBuilder p) {
        return p.global("collections", "OrderedDict").op(']').tuple(1).reduce(); // Python 2: OrderedDict([])
    }

    /** A Python-2 / torch-0.4 style state dict with a storage view, the old rebuild and a parameter. */
    static byte[] python2StateDict() {
        PickleBuilder p = PickleBuilder.proto2().global("collections", "OrderedDict").op(']').mark();
        // 'view.weight': view ('v1', 2, 6) of root; offset 1, size (2, 2), stride (2, 1) -> root 3, 4, 5, 6
        p.op(']').mark().shortBinstring("view.weight").global("torch._utils", "_rebuild_tensor_v2").mark();
        legacyPid(p, "FloatStorage", "root", 10, new Object[] {"v1", 2L, 6L}).integer(1);
        ints(p, 2, 2);
        ints(p, 2, 1).bool(false);
        emptyHooks(p).op('t').reduce().op('e');
        // 'every_third': old _rebuild_tensor(root, 0, (3,), (3,)) -> 0, 3, 6
        p.op(']').mark().shortBinstring("every_third").global("torch._utils", "_rebuild_tensor").mark();
        legacyPid(p, "FloatStorage", "root", 10, null).integer(0);
        ints(p, 3);
        ints(p, 3).op('t').reduce().op('e');
        // 'steps' (BINSTRING key): LongStorage
        p.op(']').mark().binstring("steps").global("torch._utils", "_rebuild_tensor_v2").mark();
        legacyPid(p, "LongStorage", "longs", 3, null).integer(0);
        ints(p, 3);
        ints(p, 1).bool(false);
        emptyHooks(p).op('t').reduce().op('e');
        // 'scale': a Parameter around a 0-d tensor at element 9 of root
        p.op(']').mark().shortBinstring("scale").global("torch._utils", "_rebuild_parameter")
                .global("torch._utils", "_rebuild_tensor_v2").mark();
        legacyPid(p, "FloatStorage", "root", 10, null).integer(9).tuple(0).tuple(0).bool(true);
        emptyHooks(p).op('t').reduce().bool(true);
        emptyHooks(p).tuple(3).reduce().op('e');
        p.op('e').tuple(1).reduce();
        // BUILD with the instance dict, as OrderedDict.__reduce__ gives torch's _metadata
        p.op('}').shortBinstring("_metadata").op('}').op('s').op('b').stop();
        return p.bytes();
    }

    static LinkedHashMap<String, TorchFiles.Stored> python2Storages() {
        LinkedHashMap<String, TorchFiles.Stored> s = new LinkedHashMap<>();
        s.put("longs", new TorchFiles.Stored(8, longs(7, -1, 1L << 40)));
        s.put("root", new TorchFiles.Stored(4, floats(10)));
        return s;
    }

    static LinkedHashMap<String, TorchFiles.Stored> rootOnly() {
        LinkedHashMap<String, TorchFiles.Stored> s = python2Storages();
        s.remove("longs");
        return s;
    }

    @Test
    void python2CheckpointWithViewsReads() throws IOException {
        Path f = dir.resolve("py2.pth");
        Files.write(f, TorchFiles.legacy(python2StateDict(), python2Storages()));
        LinkedHashMap<String, TensorData> w = WeightFiles.read(f);
        assertEquals(List.of("view.weight", "every_third", "steps", "scale"), new ArrayList<>(w.keySet()));
        assertArrayEquals(new long[] {2, 2}, w.get("view.weight").shape());
        assertArrayEquals(new float[] {3, 4, 5, 6}, w.get("view.weight").toFloatArray(), 0f);
        assertArrayEquals(new float[] {0, 3, 6}, w.get("every_third").toFloatArray(), 0f);
        assertArrayEquals(new long[] {7, -1, 1L << 40}, w.get("steps").toLongArray());
        assertArrayEquals(new long[0], w.get("scale").shape());
        assertArrayEquals(new float[] {9}, w.get("scale").toFloatArray(), 0f);
    }

    @Test
    void legacyStructuralErrors() throws IOException {
        LinkedHashMap<String, TorchFiles.Stored> onlyLongs = new LinkedHashMap<>(python2Storages());
        onlyLongs.remove("root");
        assertLegacyFails(TorchFiles.legacy(python2StateDict(), onlyLongs),
                "corrupt: storage 'root' is used by a tensor but not stored in the file");

        LinkedHashMap<String, TorchFiles.Stored> extra = python2Storages();
        extra.put("ghost", new TorchFiles.Stored(4, floats(1)));
        assertLegacyFails(TorchFiles.legacy(python2StateDict(), extra),
                "corrupt: the storage list names 'ghost', which no tensor declared, so its element size is unknown");

        LinkedHashMap<String, TorchFiles.Stored> shortRoot = python2Storages();
        shortRoot.put("root", new TorchFiles.Stored(4, floats(8)));
        assertLegacyFails(TorchFiles.legacy(python2StateDict(), shortRoot),
                "corrupt: storage 'root' holds 8 elements, its tensors were declared on 10");

        assertLegacyFails(TorchFiles.legacy(python2StateDict(), python2Storages(), false),
                "big-endian checkpoint (sys_info little_endian=False) is not supported");

        byte[] badMagic = TorchFiles.legacy(python2StateDict(), python2Storages());
        badMagic[5] ^= 1;
        assertLegacyFails(badMagic, "not a PyTorch checkpoint: the first pickle is not torch's magic number");

        // a view reaching past its root storage
        PickleBuilder p = PickleBuilder.proto2().op('}').shortBinstring("w")
                .global("torch._utils", "_rebuild_tensor").mark();
        legacyPid(p, "FloatStorage", "root", 10, new Object[] {"v", 8L, 4L}).integer(0);
        ints(p, 1);
        ints(p, 1).op('t').reduce().op('s').stop();
        assertLegacyFails(TorchFiles.legacy(p.bytes(), rootOnly()), "bad view of storage 'root'");

        // a tensor reaching past its view: view of 6 elements, size 4 at offset 3
        p = PickleBuilder.proto2().op('}').shortBinstring("w").global("torch._utils", "_rebuild_tensor").mark();
        legacyPid(p, "FloatStorage", "root", 10, new Object[] {"v", 2L, 6L}).integer(3);
        ints(p, 4);
        ints(p, 1).op('t').reduce().op('s').stop();
        assertLegacyFails(TorchFiles.legacy(p.bytes(), rootOnly()),
                "corrupt: tensor 'w' (offset 3, size [4], stride [1]) reaches element 6 of storage 'root', which holds 6");
    }

    @Test
    void refusedStorageTypesAreNamedWithTheTensor() throws IOException {
        Map<String, String> cases = Map.of("DoubleStorage", "float64", "IntStorage", "int32", "BFloat16Storage",
                "bfloat16", "BoolStorage", "bool", "ByteStorage", "uint8", "ShortStorage", "int16", "CharStorage", "int8");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            PickleBuilder p = PickleBuilder.proto2().op('}').binunicode("head.w")
                    .global("torch._utils", "_rebuild_tensor_v2").mark();
            zipPid(p, c.getKey(), "0", 2).integer(0).integer(2).tuple(1).integer(1).tuple(1).bool(false).op('}')
                    .op('t').reduce().op('s').stop();
            Path f = dir.resolve(c.getKey() + ".pth");
            TorchFiles.zip(f, p.bytes(), Map.of("0", new byte[16]));
            BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
            assertEquals(f + ": tensor 'head.w' has dtype " + c.getValue() + "; supported: float32, float16, int64",
                    e.getMessage());
        }
    }

    /** {'a': tensor(storage '0', offset, size, stride), 'b': ...} written by the torch >= 1.6 layout. */
    static byte[] zipStateDict(String cls, long numel, long[][] offsetSizeStride) {
        PickleBuilder p = PickleBuilder.proto2().global("collections", "OrderedDict").tuple(0).reduce().mark();
        char name = 'a';
        for (long[] t : offsetSizeStride) {
            int rank = (t.length - 1) / 2;
            p.binunicode(String.valueOf(name++)).global("torch._utils", "_rebuild_tensor_v2").mark();
            zipPid(p, cls, "0", numel).integer(t[0]).mark();
            for (int d = 0; d < rank; d++) {
                p.integer(t[1 + d]);
            }
            p.op('t').mark();
            for (int d = 0; d < rank; d++) {
                p.integer(t[1 + rank + d]);
            }
            p.op('t').bool(false).global("collections", "OrderedDict").tuple(0).reduce()
                    .none() // torch 2.x adds a metadata argument
                    .op('t').reduce();
        }
        return p.op('u').stop().bytes();
    }

    @Test
    void zipTensorsShareAStorageWithOffsetsAndStrides() throws IOException {
        Path f = dir.resolve("shared.pth");
        TorchFiles.zip(f, zipStateDict("FloatStorage", 12, new long[][] {
            {0, 3, 4, 4, 1}, // a: 3x4 contiguous
            {1, 3, 3, 1, 4}, // b: a 3x3 transposed window from element 1 -> b[i][j] = 1 + i + 4j
            {10, 2, 1}, // c: elements 10, 11
        }), Map.of("0", floats(12)));
        LinkedHashMap<String, TensorData> w = WeightFiles.read(f);
        assertArrayEquals(floatsOf(0, 12), w.get("a").toFloatArray(), 0f);
        float[] b = w.get("b").toFloatArray();
        assertArrayEquals(new long[] {3, 3}, w.get("b").shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(1 + i + 4 * j, b[3 * i + j], 0f, "b[" + i + "][" + j + "]");
            }
        }
        assertArrayEquals(new float[] {10, 11}, w.get("c").toFloatArray(), 0f);
    }

    private static float[] floatsOf(int from, int to) {
        float[] out = new float[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    @Test
    void zipStructuralErrors() throws IOException {
        byte[] pkl = zipStateDict("FloatStorage", 10, new long[][] {{0, 10, 1}});
        Path f = dir.resolve("bad.pth");

        TorchFiles.zip(f, pkl, Map.of());
        assertFails(f, "corrupt: storage '0' is missing (no archive entry archive/data/0)");

        TorchFiles.zip(f, pkl, Map.of("0", new byte[12]));
        assertFails(f, "truncated: storage '0' needs 40 bytes, archive entry holds 12");

        // a declared numel far beyond the data is an error, not an allocation
        TorchFiles.zip(f, zipStateDict("FloatStorage", 1L << 40, new long[][] {{0, 10, 1}}), Map.of("0", floats(10)));
        assertFails(f, "truncated: storage '0' needs 4398046511104 bytes, archive entry holds 40");
        TorchFiles.zip(f, zipStateDict("FloatStorage", Long.MAX_VALUE / 2, new long[][] {{0, 10, 1}}),
                Map.of("0", floats(10)));
        assertFails(f, "of archive/data.pkl: storage of 4611686018427387903 elements"); // numel * 4 overflows

        // offset 5, size 3, stride 3: last element 5 + 2*3 = 11 of a 10-element storage
        TorchFiles.zip(f, zipStateDict("FloatStorage", 10, new long[][] {{5, 3, 3}}), Map.of("0", floats(10)));
        assertFails(f, "corrupt: tensor 'a' (offset 5, size [3], stride [3]) reaches element 11 of storage '0', which"
                + " holds 10");
    }

    @Test
    void byteOrderEntryIsHonoured() throws IOException {
        byte[] pkl = zipStateDict("FloatStorage", 2, new long[][] {{0, 2, 1}});
        for (String order : List.of("little", "big")) {
            Path f = dir.resolve(order + ".pth");
            try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
                TorchFiles.stored(zip, "m/data.pkl", pkl);
                TorchFiles.stored(zip, "m/byteorder", order.getBytes());
                TorchFiles.stored(zip, "m/data/0", floats(2));
            }
            if (order.equals("little")) {
                assertArrayEquals(new float[] {0, 1}, WeightFiles.read(f).get("a").toFloatArray(), 0f);
            } else {
                assertFails(f, "big-endian checkpoint (m/byteorder says 'big') is not supported");
            }
        }
    }

    @Test
    void unusualTopLevelsAndCycles() throws IOException {
        Path f = dir.resolve("odd.pth");
        // a bare tensor
        PickleBuilder p = PickleBuilder.proto2().global("torch._utils", "_rebuild_tensor").mark();
        zipPid(p, "FloatStorage", "0", 1).integer(0).tuple(0).tuple(0).op('t').reduce().stop();
        TorchFiles.zip(f, p.bytes(), Map.of("0", floats(1)));
        assertFails(f, "the checkpoint holds a Tensor, not a dict of tensors");

        // {'me': <itself>, 'n': 1}: reads as no tensors instead of looping
        TorchFiles.zip(f, PickleBuilder.proto2().op('}').binput(0).binunicode("me").binget(0).op('s')
                .binunicode("n").integer(1).op('s').stop().bytes(), Map.of());
        assertTrue(WeightFiles.read(f).isEmpty());

        // an unknown torch.*Storage class is allowed as a name but not as a tensor's storage
        p = PickleBuilder.proto2().op('}').binunicode("w").global("torch._utils", "_rebuild_tensor").mark();
        zipPid(p, "QuantumStorage", "0", 1).integer(0).tuple(0).tuple(0).op('t').reduce().op('s').stop();
        TorchFiles.zip(f, p.bytes(), Map.of("0", floats(1)));
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("unsupported storage type torch.QuantumStorage"), e.getMessage());
    }

    private void assertLegacyFails(byte[] content, String message) throws IOException {
        Path f = dir.resolve("legacy.pth");
        Files.write(f, content);
        assertFails(f, message);
    }

    private static void assertFails(Path f, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
