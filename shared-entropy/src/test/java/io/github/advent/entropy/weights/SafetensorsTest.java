package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    static TensorData f32(long[] shape, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return new TensorData(TensorType.FLOAT32, shape, b.flip());
    }

    static TensorData i64(long[] shape, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return new TensorData(TensorType.INT64, shape, b.flip());
    }

    static TensorData f16(long[] shape, int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : bits) {
            b.putShort((short) x);
        }
        return new TensorData(TensorType.FLOAT16, shape, b.flip());
    }

    static LinkedHashMap<String, TensorData> sample() {
        LinkedHashMap<String, TensorData> t = new LinkedHashMap<>();
        t.put("layer.weight", f32(new long[] {2, 3}, 1, -2, 3.5f, 0, Float.MIN_VALUE, Float.MAX_VALUE));
        t.put("layer.half", f16(new long[] {3}, 0x3c00, 0xc000, 0x7bff)); // 1, -2, 65504
        t.put("bn.num_batches_tracked", i64(new long[0], 123456789012L));
        t.put("empty", f32(new long[] {0, 3}));
        return t;
    }

    static List<TensorEntry> entries(Map<String, TensorData> tensors) {
        List<TensorEntry> out = new ArrayList<>();
        tensors.forEach((k, v) -> out.add(TensorEntry.of(k, v)));
        return out;
    }

    @Test
    void roundTripKeepsTensorsOrderAndMetadata() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", "3");
        meta.put("crc32", "stale"); // replaced by the real checksum
        meta.put("note", "ünïcode \"quoted\"\nnewline");
        SafetensorsWriter.write(f, meta, entries(sample()));

        SafetensorsFile back = WeightFiles.readSafetensors(f);
        assertEquals(sample(), back.tensors());
        assertEquals(new ArrayList<>(sample().keySet()), new ArrayList<>(back.tensors().keySet()));
        assertEquals(List.of("crc32", "epoch", "note"), new ArrayList<>(back.metadata().keySet()));
        assertTrue(back.metadata().get("crc32").matches("[0-9a-f]{8}"), back.metadata().toString());
        assertEquals("ünïcode \"quoted\"\nnewline", back.metadata().get("note"));
        assertEquals(back.metadata(), WeightFiles.readSafetensorsMetadata(f));
        assertEquals(sample(), WeightFiles.read(f));

        long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLen) % 8, "data section is 8-byte aligned");
    }

    @Test
    void sameBytesAsThePythonWriter() throws IOException {
        Path python = Fixtures.file("three.safetensors");
        SafetensorsFile three = WeightFiles.readSafetensors(python);
        Map<String, String> meta = new LinkedHashMap<>(three.metadata());
        meta.remove("crc32");
        assertEquals(Map.of("epoch", "3", "note", "three tensors"), meta);
        Path java = dir.resolve("three.safetensors");
        SafetensorsWriter.write(java, meta, entries(three.tensors()));
        assertArrayEquals(Files.readAllBytes(python), Files.readAllBytes(java));
    }

    @Test
    void pythonReadsWhatJavaWrote() throws Exception {
        Path py = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(py), "no /usr/bin/python3");
        assumeTrue(new ProcessBuilder(py.toString(), "-c", "import numpy").start().waitFor() == 0, "no numpy");
        Path f = dir.resolve("for-python.safetensors");
        SafetensorsWriter.write(f, Map.of("epoch", "7"), entries(sample()));
        Process p = new ProcessBuilder(py.toString(), Fixtures.file("make_weight_fixtures.py").toString(), "--check",
                f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        JsonObject meta = JsonParser.parseString(lines.get(0)).getAsJsonObject().getAsJsonObject("__metadata__");
        assertEquals("7", meta.get("epoch").getAsString());
        assertEquals(WeightFiles.readSafetensorsMetadata(f).get("crc32"), meta.get("crc32").getAsString());
        List<String> names = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            JsonObject t = JsonParser.parseString(line).getAsJsonObject();
            String name = t.get("name").getAsString();
            names.add(name);
            TensorData want = sample().get(name);
            assertEquals(want.type().pythonName(), t.get("dtype").getAsString(), name);
            assertEquals(want.shape().length, t.getAsJsonArray("shape").size(), name);
            if (want.type() == TensorType.INT64) {
                assertEquals(want.toLongArray()[0], t.getAsJsonArray("values").get(0).getAsLong());
            } else {
                float[] v = want.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals(v[i], (float) t.getAsJsonArray("values").get(i).getAsDouble(), 0f, name);
                }
            }
        }
        assertEquals(new ArrayList<>(sample().keySet()), names);
    }

    @Test
    void streamHandsOverTheSameTensorsInFileOrder() throws IOException {
        Path f = dir.resolve("stream.safetensors");
        SafetensorsWriter.write(f, Map.of("epoch", "5"), entries(sample()));
        Map<String, TensorData> streamed = new LinkedHashMap<>();
        try (SafetensorsStream stream = SafetensorsStream.open(f)) {
            assertEquals("5", stream.metadata().get("epoch"));
            stream.verifyChecksum();
            stream.forEach((name, tensor) -> { // the buffer is reused: keep a copy
                ByteBuffer copy = ByteBuffer.allocate(tensor.data().remaining()).put(tensor.data()).flip();
                streamed.put(name, new TensorData(tensor.type(), tensor.shape(), copy));
            });
            Map<String, TensorData> read = WeightFiles.readSafetensors(f).tensors();
            assertEquals(read.keySet(), stream.shapes().keySet());
            read.forEach((name, tensor) -> assertArrayEquals(tensor.shape(), stream.shapes().get(name), name));
            assertEquals(new ArrayList<>(read.keySet()), new ArrayList<>(streamed.keySet()));
            assertEquals(read, streamed);
        }
    }

    @Test
    void streamOfAFlippedByteFailsItsChecksumBeforeHandingOverAnything() throws IOException {
        Path f = dir.resolve("flip-stream.safetensors");
        SafetensorsWriter.write(f, Map.of(), entries(sample()));
        byte[] b = Files.readAllBytes(f);
        b[b.length - 1] ^= 0x01;
        Files.write(f, b);
        try (SafetensorsStream stream = SafetensorsStream.open(f)) {
            BadInputException e = assertThrows(BadInputException.class, stream::verifyChecksum);
            assertTrue(e.getMessage().startsWith(f + ": corrupt: data checksum mismatch (header crc32 "), e.getMessage());
        }
        BadInputException missing = assertThrows(BadInputException.class,
                () -> SafetensorsStream.open(dir.resolve("none.safetensors")));
        assertEquals(dir.resolve("none.safetensors") + ": file not found", missing.getMessage());
    }

    @Test
    void oneFlippedDataByteFailsTheChecksum() throws IOException {
        Path f = dir.resolve("flip.safetensors");
        SafetensorsWriter.write(f, Map.of(), entries(sample()));
        byte[] b = Files.readAllBytes(f);
        b[b.length - 1] ^= 0x01; // last byte of the int64
        Files.write(f, b);
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": corrupt: data checksum mismatch (header crc32 "), e.getMessage());
        assertEquals(1, WeightFiles.readSafetensorsMetadata(f).size(), "the header alone still reads");
    }

    @Test
    void tensorsAreRequestedOneAtATimeWhileWriting() throws IOException {
        Path f = dir.resolve("stream.safetensors");
        LinkedHashMap<String, TensorData> tensors = sample();
        List<Long> sizeWhenAsked = new ArrayList<>();
        List<TensorEntry> lazy = new ArrayList<>();
        tensors.forEach((name, t) -> lazy.add(new TensorEntry(name, t.type(), t.shape(), () -> {
            try {
                sizeWhenAsked.add(Files.size(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return t.data();
        })));
        SafetensorsWriter.write(f, Map.of(), lazy);
        long dataStart = Files.size(f) - tensors.values().stream().mapToLong(TensorData::byteSize).sum();
        long expected = dataStart;
        int i = 0;
        for (TensorData t : tensors.values()) {
            assertEquals(expected, sizeWhenAsked.get(i++), "earlier tensors are on disk before the next is requested");
            expected += t.byteSize();
        }
    }

    @Test
    void writerRejectsInconsistentInput() {
        Path f = dir.resolve("bad.safetensors");
        TensorEntry wrongSize = new TensorEntry("w", TensorType.FLOAT32, new long[] {4}, () -> ByteBuffer.allocate(12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(f, Map.of(), List.of(wrongSize)));
        assertEquals("tensor 'w' (float32 [4]) needs 16 bytes, its supplier gave 12", e.getMessage());
        assertFalse(Files.exists(f), "a partial file is removed");
        TensorEntry a = TensorEntry.of("a", f32(new long[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(f, Map.of(), List.of(a, a)));
        TensorEntry reserved = TensorEntry.of("__metadata__", f32(new long[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(f, Map.of(), List.of(reserved)));
    }

    /** A file with this exact header text and data section. */
    private Path raw(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("hand.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void assertHeaderFails(String json, int dataBytes, String message) throws IOException {
        Path f = raw(json, dataBytes);
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
        assertEquals(f + ": " + message, e.getMessage());
    }

    @Test
    void headerIsValidatedBeforeDataIsRead() throws IOException {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertHeaderFails("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20,
                "corrupt header: tensor 'b' starts at data byte 12, expected 8 (tensors must be contiguous)");
        assertHeaderFails("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
                "corrupt header: tensor 'b' starts at data byte 4, expected 8 (tensors must be contiguous)");
        assertHeaderFails("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
                "corrupt header: tensor 'a' has data_offsets [0, 8] but shape [3] of float32 needs 12 bytes");
        assertHeaderFails("{" + a + "}", 4, "truncated: the tensors need 8 data bytes, the file has 4 after the header");
        assertHeaderFails("{" + a + "}", 9, "corrupt: 1 bytes after the last tensor that no tensor accounts for");
        assertHeaderFails("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4,
                "tensor 'a' has dtype bfloat16; supported: float32, float16, int64");
        assertHeaderFails("{\"fc.weight\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8,
                "tensor 'fc.weight' has dtype float64; supported: float32, float16, int64");
        assertHeaderFails("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0,
                "corrupt header: tensor 'a' has a bad shape value -1");
        assertHeaderFails("{\"__metadata__\":{\"epoch\":3}," + a + "}", 8,
                "corrupt header: __metadata__ value for 'epoch' is not a string");
        assertHeaderFails("{" + a, 8, "corrupt header: invalid JSON (End of input at line 1 column 54 path $.a)");
    }

    @Test
    void headerLengthBeyondTheFileIsTruncation() throws IOException {
        Path f = dir.resolve("short.safetensors");
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put((byte) '{');
        Files.write(f, b.array());
        BadInputException e = assertThrows(BadInputException.class, () -> WeightFiles.read(f));
        assertEquals(f + ": truncated: the safetensors header needs 1000 bytes, the file has 12 after the length field",
                e.getMessage());
    }
}
