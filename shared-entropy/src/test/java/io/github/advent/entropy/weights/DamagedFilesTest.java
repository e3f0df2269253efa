package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cut, flipped and random files: every failure is one clear BadInputException line naming the
 * file. Nothing else (OutOfMemoryError, IndexOutOfBounds, NegativeArraySize, ...) may escape.
 */
class DamagedFilesTest {
    @TempDir
    Path dir;

    private static final List<String> FIXTURES = List.of("resnet_zip.pth", "resnet_legacy.pth", "resnet.npz",
            "resnet.safetensors", "nested_checkpoint.pth", "npy_layouts.npz", "three.safetensors");

    @ParameterizedTest
    @ValueSource(strings = {"resnet_zip.pth", "resnet_legacy.pth", "resnet.npz", "resnet.safetensors",
        "nested_checkpoint.pth", "npy_layouts.npz", "three.safetensors", "double.pth"})
    void everyCutIsReportedClearly(String fixture) throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.file(fixture));
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, 2, 7, 8, 9, 15, 16, 64, full.length / 2, full.length - 64,
                full.length - 9, full.length - 8, full.length - 1));
        for (int c = 0; c < full.length; c += Math.max(1, full.length / 150)) {
            cuts.add(c);
        }
        Path f = dir.resolve("cut-" + fixture);
        for (int cut : cuts) {
            if (cut < 0 || cut >= full.length) {
                continue;
            }
            Files.write(f, Arrays.copyOf(full, cut));
            try {
                WeightFiles.read(f);
                fail(fixture + " cut to " + cut + " bytes was read without error");
            } catch (BadInputException e) {
                assertClear(f, e, fixture + " cut at " + cut);
            } catch (Throwable t) {
                throw new AssertionError(fixture + " cut at " + cut + " leaked " + t, t);
            }
        }
    }

    @Test
    void flippedBytesNeverLeakOtherExceptions() throws IOException {
        Random rnd = new Random(42);
        for (String fixture : FIXTURES) {
            byte[] full = Files.readAllBytes(Fixtures.file(fixture));
            Path f = dir.resolve("flip-" + fixture);
            for (int round = 0; round < 80; round++) {
                byte[] damaged = full.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int k = 0; k < flips; k++) {
                    damaged[rnd.nextInt(damaged.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                Files.write(f, damaged);
                readExpectingAtMostBadInput(f, fixture + " round " + round);
            }
        }
    }

    @Test
    void randomBytesBehindEachMagicAreRefused() throws IOException {
        Random rnd = new Random(7);
        byte[][] magics = {
            {}, {'P', 'K', 3, 4}, {(byte) 0x80, 2}, {(byte) 0x80, 2, (byte) 0x8a, 0x0a}, {16, 0, 0, 0, 0, 0, 0, 0, '{'},
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, '{'},
        };
        Path f = dir.resolve("random.bin");
        for (byte[] magic : magics) {
            for (int round = 0; round < 200; round++) {
                byte[] b = new byte[magic.length + rnd.nextInt(300)];
                rnd.nextBytes(b);
                System.arraycopy(magic, 0, b, 0, magic.length);
                Files.write(f, b);
                readExpectingAtMostBadInput(f, "random round " + round);
            }
        }
    }

    @Test
    void plainJunkNamesTheKnownFormats() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "these are not weights");
        try {
            WeightFiles.read(f);
            fail("read text as weights");
        } catch (BadInputException e) {
            assertTrue(e.getMessage().equals(f + ": unknown weight file format (starts with 74 68 65 73 65 20 61 72);"
                    + " expected a PyTorch checkpoint (zip or legacy .pth), a numpy .npz or .npy or a .safetensors file"),
                    e.getMessage());
        }
        Files.write(f, new byte[0]);
        assertBad(f, "empty file");
        assertBad(dir.resolve("missing.pth"), "file not found");
        assertBad(dir, "is a directory, not a weight file");
    }

    private static void assertBad(Path f, String problem) {
        try {
            WeightFiles.read(f);
            fail("no error for " + f);
        } catch (BadInputException e) {
            assertTrue(e.getMessage().startsWith(f + ": " + problem), e.getMessage());
        }
    }

    private static void readExpectingAtMostBadInput(Path f, String what) {
        try {
            WeightFiles.read(f);
        } catch (BadInputException e) {
            assertClear(f, e, what);
        } catch (Throwable t) {
            throw new AssertionError(what + " leaked " + t, t);
        }
    }

    private static void assertClear(Path f, BadInputException e, String what) {
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": "), what + ": " + m);
        assertFalse(m.contains("\n"), what + ": one line: " + m);
        assertTrue(m.length() < 600, what + ": short: " + m);
    }
}
