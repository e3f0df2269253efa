package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path dir;

    private static TensorData floats(long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new TensorData(TensorType.FLOAT32, shape, b.flip());
    }

    @Test
    void roundTripsThroughOurReaderWithAnAlignedHeader() throws IOException {
        TensorData logits = floats(new long[] {2, 1, 3}, 1.5f, -2f, 0f, 3.25f, 1e-8f, -0f);
        Path file = dir.resolve("frame_logits.npy");
        NpyWriter.write(file, logits);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(0, (10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8)) % 64, "data starts on a 64-byte boundary");
        Map<String, TensorData> read = WeightFiles.read(file);
        assertEquals(java.util.Set.of("frame_logits"), read.keySet());
        assertEquals(logits, read.get("frame_logits"));
        NpyWriter.write(dir.resolve("vector.npy"), floats(new long[] {3}, 1, 2, 3));
        assertArrayEquals(new long[] {3}, WeightFiles.read(dir.resolve("vector.npy")).get("vector").shape());
    }

    @Test
    void numpyLoadsIt() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path file = dir.resolve("x.npy");
        NpyWriter.write(file, floats(new long[] {2, 2}, 1, 2, 3, 4.5f));
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import numpy, sys; a = numpy.load(sys.argv[1]); print(a.dtype, a.shape, float(a[1, 1]))", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && !out.contains("No module named"), "numpy missing: " + out);
        assertEquals("float32 (2, 2) 4.5", out);
    }
}
