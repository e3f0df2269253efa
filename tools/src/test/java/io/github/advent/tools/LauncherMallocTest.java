package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's glibc malloc settings (tools/launcher/malloc.sh): inference commands get theirs, the rest training's. */
class LauncherMallocTest {
    static final String TRAINING = "glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432";
    static final String INFERENCE = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=16777216:glibc.malloc.arena_max=1";

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        LauncherShell.Run r = LauncherShell.run(env, command);
        assertEquals(0, r.code(), () -> String.join(" ", command) + " failed: " + r);
        return r.out();
    }

    /** What the launcher exports for {@code commandLine} (user settings removed). */
    private static String tunables(String commandLine) throws Exception {
        return run(Map.of(), "bash", "-c", ". tools/launcher/malloc.sh; advent_malloc_tunables " + commandLine).strip();
    }

    @Test
    void inferenceCommandsGetTheInferenceSettingsAndTheRestTrainings() throws Exception {
        for (String inference : new String[] {"predict --checkpoint x", "evaluate segmentation", "evaluate detection",
                "bench infer", "bench eval"}) {
            assertEquals(INFERENCE, tunables(inference), inference);
        }
        for (String training : new String[] {"train segmentation", "demo", "adapt --checkpoint x", "bench train",
                "bench adapt", "fog", "", "predictions"}) {
            assertEquals(TRAINING, tunables(training), training);
        }
    }

    @Test
    void theUsersOwnSettingsWin() throws Exception {
        assertEquals("glibc.malloc.arena_max=2", run(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2"), "bash", "-c",
                ". tools/launcher/malloc.sh; advent_malloc_tunables predict").strip());
    }
}
