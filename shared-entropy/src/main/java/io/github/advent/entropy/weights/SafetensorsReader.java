package io.github.advent.entropy.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads safetensors: a u64 little-endian header length, a JSON header mapping each tensor name to
 * {dtype, shape, data_offsets [begin, end)} relative to the data section (plus an optional
 * {@code __metadata__} of strings), then the data section. The header is fully validated before any
 * tensor byte is read: sizes match shapes, tensors are contiguous and fill the data section
 * exactly. A "crc32" metadata entry (as {@link SafetensorsWriter} adds) is checked.
 */
final class SafetensorsReader {
    static final String METADATA = "__metadata__";
    static final String CRC_KEY = "crc32";
    /** The reference implementation's cap; a real header is kilobytes. */
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    record Entry(String name, TensorType type, long[] shape, long begin, long end) {}

    record Header(Map<String, String> metadata, List<Entry> entries, long dataStart) {}

    static SafetensorsFile read(Path file, FileChannel ch) throws IOException {
        Header h = header(file, ch);
        CRC32 crc = new CRC32();
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        for (Entry e : h.entries) {
            ByteBuffer buf = Streams.readAt(ch, h.dataStart + e.begin, e.end - e.begin);
            crc.update(buf.duplicate());
            tensors.put(e.name, new TensorData(e.type, e.shape, buf));
        }
        String declared = h.metadata.get(CRC_KEY);
        if (declared != null) {
            checkCrc(file, declared, crc);
        }
        return new SafetensorsFile(h.metadata, tensors);
    }

    /** Bad input unless the data's {@code crc} is the header's {@code declared} crc32. */
    static void checkCrc(Path file, String declared, CRC32 crc) {
        String actual = String.format("%08x", crc.getValue());
        if (!actual.equalsIgnoreCase(declared)) {
            throw new BadInputException(file, "corrupt: data checksum mismatch (header crc32 "
                    + Text.clip(declared) + ", data " + actual + ")");
        }
    }

    static Header header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new BadInputException(file, "truncated: " + size + " bytes, too short for a safetensors header");
        }
        long n = Streams.readAt(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER) {
            throw new BadInputException(file, "corrupt: safetensors header length " + Long.toUnsignedString(n)
                    + " is implausible");
        }
        if (n > size - 8) {
            throw new BadInputException(file, "truncated: the safetensors header needs " + n + " bytes, the file has "
                    + (size - 8) + " after the length field");
        }
        JsonObject root = parse(file, Streams.readAt(ch, 8, n));
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> kv : root.entrySet()) {
            if (kv.getKey().equals(METADATA)) {
                metadata = metadata(file, kv.getValue());
            } else {
                entries.add(entry(file, kv.getKey(), kv.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin)); // stable: empty tensors keep header order
        long dataLen = size - 8 - n;
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected) {
                throw new BadInputException(file, "corrupt header: tensor '" + Text.clip(e.name) + "' starts at data byte "
                        + e.begin + ", expected " + expected + " (tensors must be contiguous)");
            }
            expected = e.end;
        }
        if (expected > dataLen) {
            throw new BadInputException(file, "truncated: the tensors need " + expected + " data bytes, the file has "
                    + dataLen + " after the header");
        }
        if (expected < dataLen) {
            throw new BadInputException(file, "corrupt: " + (dataLen - expected)
                    + " bytes after the last tensor that no tensor accounts for");
        }
        return new Header(metadata, entries, 8 + n);
    }

    private static JsonObject parse(Path file, ByteBuffer bytes) {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(bytes);
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "corrupt header: not UTF-8 text");
        }
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                throw new BadInputException(file, "corrupt header: not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadInputException(file, "corrupt header: invalid JSON (" + Text.clip(firstLine(e)) + ")");
        }
    }

    /** Gson's own words without the exception class name and the troubleshooting link on later lines. */
    private static String firstLine(RuntimeException e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Map<String, String> metadata(Path file, JsonElement value) {
        if (!value.isJsonObject()) {
            throw new BadInputException(file, "corrupt header: __metadata__ is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : value.getAsJsonObject().entrySet()) {
            JsonElement v = kv.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new BadInputException(file, "corrupt header: __metadata__ value for '" + Text.clip(kv.getKey())
                        + "' is not a string");
            }
            out.put(kv.getKey(), v.getAsString());
        }
        return out;
    }

    private static Entry entry(Path file, String name, JsonElement value) {
        String what = "corrupt header: tensor '" + Text.clip(name) + "'";
        if (!value.isJsonObject()) {
            throw new BadInputException(file, what + " is not an object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtype = o.get("dtype");
        if (dtype == null || !dtype.isJsonPrimitive() || !dtype.getAsJsonPrimitive().isString()) {
            throw new BadInputException(file, what + " has no dtype");
        }
        String dt = dtype.getAsString();
        TensorType type = TensorType.ofSafetensors(dt).orElseThrow(() -> TensorType.unsupported(file, name, pythonName(dt)));
        long[] shape = longs(file, what, o.get("shape"), "shape", -1);
        long[] offsets = longs(file, what, o.get("data_offsets"), "data_offsets", 2);
        long nbytes;
        try {
            nbytes = Math.multiplyExact(TensorData.numel(shape), (long) type.byteSize());
        } catch (ArithmeticException e) {
            throw new BadInputException(file, what + " has a shape too large to address");
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != nbytes) {
            throw new BadInputException(file, what + " has data_offsets " + Arrays.toString(offsets) + " but shape "
                    + Arrays.toString(shape) + " of " + type.pythonName() + " needs " + nbytes + " bytes");
        }
        if (nbytes > Streams.MAX_BUFFER) {
            throw new BadInputException(file, "tensor '" + Text.clip(name) + "' holds " + nbytes
                    + " bytes; tensors over 2 GiB are not supported");
        }
        return new Entry(name, type, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers ({@code length} of them unless -1). */
    private static long[] longs(Path file, String what, JsonElement value, String field, int length) {
        if (value == null || !value.isJsonArray() || (length >= 0 && value.getAsJsonArray().size() != length)) {
            throw new BadInputException(file, what + " has no valid " + field);
        }
        JsonArray a = value.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            try {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                    throw new NumberFormatException();
                }
                out[i] = e.getAsBigDecimal().longValueExact();
            } catch (NumberFormatException | ArithmeticException ex) {
                out[i] = -1;
            }
            if (out[i] < 0) {
                throw new BadInputException(file, what + " has a bad " + field + " value " + Text.clip(e.toString()));
            }
        }
        return out;
    }

    /** numpy/torch names for safetensors dtypes we refuse, so messages read the same for every format. */
    private static String pythonName(String dtype) {
        return switch (dtype) {
            case "F64" -> "float64";
            case "BF16" -> "bfloat16";
            case "I32" -> "int32";
            case "I16" -> "int16";
            case "I8" -> "int8";
            case "U8" -> "uint8";
            case "U16" -> "uint16";
            case "U32" -> "uint32";
            case "U64" -> "uint64";
            case "BOOL" -> "bool";
            case "F8_E4M3" -> "float8_e4m3fn";
            case "F8_E5M2" -> "float8_e5m2";
            default -> dtype;
        };
    }
}
