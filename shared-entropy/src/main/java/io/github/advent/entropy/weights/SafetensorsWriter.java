package io.github.advent.entropy.weights;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes safetensors, streaming: the header is computed from shapes alone, then each tensor's
 * bytes are requested, checksummed and written one at a time. The CRC32 of the data section goes
 * into {@code __metadata__["crc32"]}; since it is only known at the end, the header holds a
 * fixed-width placeholder that is patched in place afterwards. The header is compact JSON with
 * {@code __metadata__} first and "crc32" its first key, padded with spaces to a multiple of 8.
 * Writes straight to {@code out}: temp file and rename are the caller's business.
 */
public final class SafetensorsWriter {
    private static final String CRC_PREFIX = "{\"" + SafetensorsReader.METADATA + "\":{\"" + SafetensorsReader.CRC_KEY
            + "\":\"";
    private static final String CRC_PLACEHOLDER = "00000000";

    private SafetensorsWriter() {}

    /**
     * @param metadata string pairs stored in {@code __metadata__} in iteration order; a "crc32" key
     *                 is replaced by the checksum of what is written now
     * @param entries  tensors in the order their data is laid out; names must be unique
     * @throws IllegalArgumentException for duplicate or reserved names, or a supplier returning
     *                                  the wrong number of bytes (the partial file is deleted)
     */
    public static void write(Path out, Map<String, String> metadata, List<TensorEntry> entries) throws IOException {
        byte[] header = header(metadata, entries);
        boolean done = false;
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(header));
            CRC32 crc = new CRC32();
            for (TensorEntry e : entries) {
                ByteBuffer data = e.bytes().get();
                long want = e.byteSize();
                if (data == null || data.remaining() != want) {
                    throw new IllegalArgumentException("tensor '" + e.name() + "' (" + e.type().pythonName() + " "
                            + Arrays.toString(e.shape()) + ") needs " + want + " bytes, its supplier gave "
                            + (data == null ? "null" : data.remaining()));
                }
                crc.update(data.duplicate());
                writeFully(ch, data.duplicate());
            }
            byte[] sum = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer patch = ByteBuffer.wrap(sum);
            long at = 8 + CRC_PREFIX.length();
            while (patch.hasRemaining()) {
                ch.write(patch, at + patch.position());
            }
            ch.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(out);
            }
        }
    }

    private static byte[] header(Map<String, String> metadata, List<TensorEntry> entries) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setHtmlSafe(false);
            w.beginObject();
            w.name(SafetensorsReader.METADATA).beginObject();
            w.name(SafetensorsReader.CRC_KEY).value(CRC_PLACEHOLDER);
            for (Map.Entry<String, String> kv : metadata.entrySet()) {
                if (kv.getKey() == null || kv.getValue() == null) {
                    throw new IllegalArgumentException("metadata keys and values must not be null");
                }
                if (!kv.getKey().equals(SafetensorsReader.CRC_KEY)) {
                    w.name(kv.getKey()).value(kv.getValue());
                }
            }
            w.endObject();
            Set<String> names = new HashSet<>();
            long offset = 0;
            for (TensorEntry e : entries) {
                if (e.name().equals(SafetensorsReader.METADATA) || !names.add(e.name())) {
                    throw new IllegalArgumentException("tensor name '" + e.name() + "' is reserved or used twice");
                }
                long end = Math.addExact(offset, e.byteSize());
                w.name(e.name()).beginObject();
                w.name("dtype").value(e.type().safetensorsName());
                w.name("shape").beginArray();
                for (long d : e.shape()) {
                    w.value(d);
                }
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(end).endArray();
                w.endObject();
                offset = end;
            }
            w.endObject();
        }
        String json = text.toString();
        if (!json.startsWith(CRC_PREFIX + CRC_PLACEHOLDER)) {
            throw new IllegalStateException("header does not start with the crc32 placeholder");
        }
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(raw, (raw.length + 7) / 8 * 8); // data then starts 8-byte aligned
        Arrays.fill(padded, raw.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
