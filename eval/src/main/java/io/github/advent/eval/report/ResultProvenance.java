package io.github.advent.eval.report;

import io.github.advent.entropy.checkpoint.Provenance;
import io.github.advent.entropy.util.MachineFacts;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where a result came from, written into every result file: the command line, when, the
 * versions, the machine (the CPU and the instruction set oneDNN ran with change the last digits), and each input (dataset root and file count, predictions folder, checkpoint or JSON
 * file with its SHA-256).
 */
public record ResultProvenance(String command, String created, String advent, String djl, String java, String os,
        List<Input> inputs, MachineFacts machine) {

    public ResultProvenance {
        inputs = List.copyOf(inputs);
    }

    /**
     * One input.
     *
     * @param role e.g. {@code dataset}, {@code predictions}, {@code checkpoint}, {@code ground-truth}
     * @param path as given on the command line, made absolute
     * @param files how many files were read from it ({@code null} for a single file)
     * @param sha256 the file's SHA-256 ({@code null} for a folder)
     * @param detail free text, e.g. {@code cityscapes, split val} or a checkpoint's ensemble weight
     */
    public record Input(String role, String path, Integer files, String sha256, String detail) {
        public static Input folder(String role, Path path, int files, String detail) {
            return new Input(role, path.toAbsolutePath().normalize().toString(), files, null, detail);
        }

        public static Input file(String role, Path path, String sha256, String detail) {
            return new Input(role, path.toAbsolutePath().normalize().toString(), null, sha256, detail);
        }
    }

    /** The provenance of a result made now by {@code command} from {@code inputs}. */
    public static ResultProvenance now(String command, List<Input> inputs) {
        return new ResultProvenance(command, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Provenance.adventVersion(), djlVersion(), System.getProperty("java.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), inputs, MachineFacts.current());
    }

    private static String djlVersion() {
        try {
            return ai.djl.engine.Engine.getDjlVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
