package io.github.advent.entropy.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory as the kernel counts it (native libtorch memory included, unlike the JVM heap). */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Peak resident set size in bytes (VmHWM), or -1 where /proc is unavailable. */
    public static long peakRssBytes() {
        return statusField("VmHWM:");
    }

    /** Current resident set size in bytes (VmRSS), or -1. */
    public static long rssBytes() {
        return statusField("VmRSS:");
    }

    private static long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
