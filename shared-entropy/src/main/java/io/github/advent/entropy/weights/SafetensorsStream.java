package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

/**
 * A safetensors file read one tensor at a time through one reused native buffer, for loading a network without
 * holding the file in memory (the Java heap would keep its pages: +1 GB of resident memory for DeepLab-V2).
 * The header is validated as {@link WeightFiles#readSafetensors} validates it; {@link #verifyChecksum} checks the data
 * against the header's crc32 before anything is handed over, so that a corrupt file loads nothing.
 */
public final class SafetensorsStream implements AutoCloseable {
    private static final int CHECKSUM_CHUNK = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsReader.Header header;

    private SafetensorsStream(Path file, FileChannel channel, SafetensorsReader.Header header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
    }

    /** Opens {@code file} and validates its header; bad input names the file and the problem. */
    public static SafetensorsStream open(Path file) {
        FileChannel channel = WeightFiles.openChannel(file);
        try {
            return new SafetensorsStream(file, channel, SafetensorsReader.header(file, channel));
        } catch (IOException e) {
            closeQuietly(channel);
            throw WeightFiles.cannotRead(file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Every tensor's shape by name, in file order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        header.entries().forEach(e -> shapes.put(e.name(), e.shape().clone()));
        return shapes;
    }

    /** Checks the data against the header's crc32 entry, when there is one (a mismatch is bad input). */
    public void verifyChecksum() {
        String declared = header.metadata().get(SafetensorsReader.CRC_KEY);
        if (declared == null) {
            return;
        }
        CRC32 crc = new CRC32();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHECKSUM_CHUNK);
        try {
            long end = channel.size();
            for (long position = header.dataStart(); position < end; ) {
                chunk.clear().limit((int) Math.min(CHECKSUM_CHUNK, end - position));
                readFully(chunk, position);
                position += chunk.flip().remaining();
                crc.update(chunk);
            }
        } catch (IOException e) {
            throw WeightFiles.cannotRead(file, e);
        }
        SafetensorsReader.checkCrc(file, declared, crc);
    }

    /**
     * Hands every tensor to {@code consumer} in file order. The tensor's buffer is reused for the next one: copy what
     * is needed before returning.
     */
    public void forEach(BiConsumer<String, TensorData> consumer) {
        long largest = header.entries().stream().mapToLong(e -> e.end() - e.begin()).max().orElse(0);
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(largest));
        for (SafetensorsReader.Entry e : header.entries()) {
            buffer.clear().limit(Math.toIntExact(e.end() - e.begin()));
            try {
                readFully(buffer, header.dataStart() + e.begin());
            } catch (IOException ex) {
                throw WeightFiles.cannotRead(file, ex);
            }
            consumer.accept(e.name(), new TensorData(e.type(), e.shape(), buffer.flip()));
        }
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long start = position - buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, start + buffer.position()) < 0) {
                throw new java.io.EOFException("file ended at byte " + (start + buffer.position()));
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
