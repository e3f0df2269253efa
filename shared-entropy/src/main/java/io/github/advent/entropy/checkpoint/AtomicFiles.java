package io.github.advent.entropy.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers only ever see the old or the complete new version: the content
 * goes to a temporary file in the same directory, is synced, then renamed over the target in one
 * atomic step. A crash at any point leaves the previous file intact.
 */
public final class AtomicFiles {
    /** Writes the whole content of a file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Writer writer) throws IOException {
        write(target, writer, temporary -> {});
    }

    /**
     * As {@link #write(Path, Writer)}; {@code beforeRename} runs with the complete, synced temporary
     * file just before the rename (tests simulate a crash there).
     */
    public static void write(Path target, Writer writer, Writer beforeRename) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        try {
            writer.write(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            beforeRename.write(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the rename itself durable (Linux allows syncing a directory; elsewhere this is best effort). */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the rename is still atomic, only its durability is weaker
        }
    }
}
