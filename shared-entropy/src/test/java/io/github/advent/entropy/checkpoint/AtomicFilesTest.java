package io.github.advent.entropy.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void replacesTheTargetAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("state.safetensors");
        AtomicFiles.write(target, f -> Files.writeString(f, "first"));
        AtomicFiles.write(target, f -> Files.writeString(f, "second"));
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aCrashBetweenWriteAndRenameKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("state.safetensors");
        AtomicFiles.write(target, f -> Files.writeString(f, "good"));
        IOException crash = assertThrows(IOException.class, () -> AtomicFiles.write(target,
                f -> Files.writeString(f, "new and complete"), f -> {
                    assertEquals("new and complete", Files.readString(f), "the temporary is complete before the rename");
                    throw new IOException("killed before rename");
                }));
        assertEquals("killed before rename", crash.getMessage());
        assertEquals("good", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aCrashWhileWritingKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("state.safetensors");
        AtomicFiles.write(target, f -> Files.writeString(f, "good"));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, f -> {
            Files.writeString(f, "half");
            throw new IllegalStateException("disk full");
        }));
        assertEquals("good", Files.readString(target));
        assertEquals(List.of(target), listing());
    }
}
