package io.github.advent.entropy.checkpoint;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;

/** A readable checkpoint that does not fit the model it is loaded into (another architecture, class count or run). */
public final class CheckpointMismatchException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public CheckpointMismatchException(Path file, String problem) {
        super(file, problem);
    }
}
