package io.github.advent.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs a launcher script or function the way a user's shell would, from the checkout's root, for the launcher tests. */
final class LauncherShell {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private LauncherShell() {}

    record Run(int code, String out, String err) {}

    /**
     * {@code command} in the checkout's root, with the variables the launcher reads (ADVENT_LIBTORCH, PYTORCH_FLAVOR,
     * GLIBC_TUNABLES) removed from the test's environment and {@code env} added.
     */
    static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().remove("ADVENT_LIBTORCH");
        builder.environment().remove("PYTORCH_FLAVOR");
        builder.environment().remove("GLIBC_TUNABLES");
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    /** {@code script} in bash after sourcing {@code functions} (a file under tools/launcher/). */
    static Run bash(String functions, String script, Map<String, String> env) throws IOException, InterruptedException {
        return run(env, "bash", "-c", ". '" + ROOT.resolve("tools/launcher").resolve(functions) + "'; " + script);
    }
}
