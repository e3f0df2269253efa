package io.github.advent.entropy.io;

import java.nio.file.Path;

/**
 * A file (or flag) the user gave is unusable. The message is one line that names the file and the
 * problem; the command line prints it and exits with status 1.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault, or {@code null} when the problem is not tied to a file. */
    public Path file() {
        return file;
    }
}
