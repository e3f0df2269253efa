package io.github.advent.tools;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands of the contract that are declared but not built yet, with the issue that builds
 * each. This enum is the only place that knows: when an issue lands, delete its constant and give
 * the command a real body.
 */
public enum PendingFeature {
    ; // every command of the contract is built; add a constant (command path, issue) for the next one that is not

    private final String commandPath;
    private final int issue;

    PendingFeature(String commandPath, int issue) {
        this.commandPath = commandPath;
        this.issue = issue;
    }

    /**
     * The full command, e.g. {@code advent train segmentation}, or the command and the option that
     * picks the pending mode, e.g. {@code advent evaluate segmentation --checkpoint}.
     */
    public String commandPath() {
        return commandPath;
    }

    public int issue() {
        return issue;
    }

    /** The one line a pending command prints: {@code advent train segmentation: not built yet (issue #3)}. */
    public String message() {
        return commandPath + ": not built yet (issue #" + issue + ")";
    }

    /** The pending feature of the command {@code spec}, or {@code null} when it is built. */
    public static PendingFeature of(CommandSpec spec) {
        String path = spec.qualifiedName(" ");
        for (PendingFeature feature : values()) {
            if (feature.commandPath.equals(path)) {
                return feature;
            }
        }
        return null;
    }

    /**
     * Ends a command whose options were valid but whose body does not exist yet: prints
     * {@link #message()} on stderr and returns {@link ExitCodes#NOT_BUILT}.
     */
    public static int stop(CommandSpec spec) {
        PendingFeature feature = of(spec);
        if (feature == null) {
            throw new IllegalStateException(spec.qualifiedName(" ") + " is built but still calls PendingFeature.stop");
        }
        return report(spec, feature);
    }

    /**
     * As {@link #stop(CommandSpec)} for a command that is built in part: {@code feature} names the
     * mode (an option of {@code spec}'s command) that is not.
     */
    public static int stop(CommandSpec spec, PendingFeature feature) {
        if (!feature.commandPath.startsWith(spec.qualifiedName(" ") + " --")) {
            throw new IllegalStateException(feature + " is not a mode of " + spec.qualifiedName(" "));
        }
        return report(spec, feature);
    }

    private static int report(CommandSpec spec, PendingFeature feature) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(feature.message());
        err.flush();
        return ExitCodes.NOT_BUILT;
    }
}
