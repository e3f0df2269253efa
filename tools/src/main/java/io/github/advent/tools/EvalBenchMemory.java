package io.github.advent.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory from {@code /proc/self/status} (Linux), for {@code advent bench eval}. */
final class EvalBenchMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private EvalBenchMemory() {}

    /** Peak resident set size so far (VmHWM) in bytes, or -1 where /proc is not there. */
    static long peakRss() {
        return field("VmHWM:");
    }

    /** Resident set size now (VmRSS) in bytes, or -1. */
    static long rss() {
        return field("VmRSS:");
    }

    /**
     * Resets the peak to the current size (writes 5 to /proc/self/clear_refs), so that a later
     * {@link #peakRss()} measures one phase; returns whether the kernel allowed it.
     */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
