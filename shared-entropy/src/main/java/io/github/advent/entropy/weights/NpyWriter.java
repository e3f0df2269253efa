package io.github.advent.entropy.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Writes one array as a numpy {@code .npy} file (format 1.0, C order, little-endian), which
 * {@code numpy.load} reads directly: how {@code advent predict --logits} hands logits to Python.
 */
public final class NpyWriter {
    private NpyWriter() {}

    public static void write(Path file, TensorData tensor) throws IOException {
        StringJoiner dims = new StringJoiner(", ", "(", tensor.shape().length == 1 ? ",)" : ")");
        for (long d : tensor.shape()) {
            dims.add(Long.toString(d));
        }
        String dict = "{'descr': '" + tensor.type().numpyDescr() + "', 'fortran_order': False, 'shape': " + dims + ", }";
        // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer data = tensor.data();
            byte[] chunk = new byte[1 << 16];
            while (data.hasRemaining()) {
                int n = Math.min(chunk.length, data.remaining());
                data.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
    }
}
