package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real samples of shared/data, for tests that skip (JUnit assumption) when it is absent. */
final class SharedData {
    private SharedData() {}

    /** shared/data: the build's system property, else ../shared/data or ../../shared/data from the module dir. */
    static Path root() {
        String property = System.getProperty("advent.shared.data");
        List<Path> candidates = new ArrayList<>();
        if (property != null) {
            candidates.add(Path.of(property));
        }
        candidates.add(Path.of("../shared/data"));
        candidates.add(Path.of("../../shared/data"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return candidates.get(0).toAbsolutePath().normalize();
    }

    /** shared/data/NAME, or the test is skipped. */
    static Path require(String name) {
        Path folder = root().resolve(name);
        assumeTrue(Files.isDirectory(folder), "no real samples at " + folder + " (shared/data absent)");
        return folder;
    }
}
