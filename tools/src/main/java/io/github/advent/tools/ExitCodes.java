package io.github.advent.tools;

/** The exit statuses of every {@code advent} command (listed in {@code advent --help}). */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** A file or value the user gave is unusable; one line names it and the problem. */
    public static final int BAD_INPUT = 1;
    /** The command line itself is wrong: unknown command or option, missing or malformed value. */
    public static final int USAGE = 2;
    /** A bug or an environment failure; {@code ADVENT_DEBUG=1} adds the stack trace. */
    public static final int INTERNAL = 4;

    private ExitCodes() {}
}
