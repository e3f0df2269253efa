package io.github.advent.tools;

import io.github.advent.tools.Choices.DeviceChoice;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Option sets several commands share, as picocli mixins. */
final class CommonOptions {
    private CommonOptions() {}

    /** {@code --device cpu|gpu}, left out: the GPU when one is available, else the CPU. */
    static final class Device {
        @Option(names = "--device", paramLabel = "cpu|gpu", converter = Choices.DeviceConverter.class,
                description = "where to compute (default: gpu when one is available, else cpu)")
        DeviceChoice device;
    }

    /** {@code --score-threshold S}: the detections drawn on the pictures (predict, adapt). */
    static final class ScoreThreshold {
        @Option(names = "--score-threshold", paramLabel = "S",
                description = "detection: draw the boxes scoring at least S (default: 0.5)")
        Float scoreThreshold;

        /**
         * The threshold for {@code checkpoint} (0.5 unless given); a usage error when it is given for a
         * segmentation checkpoint or lies outside [0, 1].
         */
        float validated(AdventCommand command, boolean detection, java.nio.file.Path checkpoint,
                io.github.advent.entropy.checkpoint.ModelIdentity identity) {
            if (!detection) {
                if (scoreThreshold != null) {
                    throw command.usageError("--score-threshold is for detection checkpoints; " + checkpoint + " is "
                            + identity);
                }
                return Float.NaN;
            }
            float threshold = scoreThreshold == null ? 0.5f : scoreThreshold;
            if (!(threshold >= 0 && threshold <= 1)) {
                throw command.usageError("--score-threshold must be in [0, 1], got " + scoreThreshold);
            }
            return threshold;
        }
    }

    /** What every training run takes besides its method, data and length (each task has its own default length). */
    static final class Training {
        @Option(names = "--out", required = true, paramLabel = "RUN_DIR",
                description = "run folder: config, log, snapshots, provenance")
        Path out;

        @Option(names = "--init", paramLabel = "FILE",
                description = "initial weights (.pth, .npz, .safetensors or an advent checkpoint), such as"
                        + " ImageNet ResNet-101 or VGG-16")
        Path init;

        @Option(names = "--resume", description = "continue the run in RUN_DIR from its last snapshot")
        boolean resume;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1234",
                description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "2000",
                description = "write a snapshot every N iterations (default: ${DEFAULT-VALUE})")
        long snapshotEvery;

        void validate(AdventCommand command, long iterations) {
            command.requireAtLeast("--iterations", iterations, 1);
            command.requireAtLeast("--snapshot-every", snapshotEvery, 1);
        }
    }

    /** {@code --json} and {@code --report DIR} of the evaluate commands. */
    static final class Reporting {
        @Option(names = "--json", description = "print the result as one JSON object on stdout (for scripts)")
        boolean json;

        @Option(names = "--report", paramLabel = "DIR",
                description = "also write the report (JSON, CSV, Markdown, HTML with plots) into DIR")
        Path report;
    }

    /** {@code --spark MASTER}: split the images across an Apache Spark cluster's executors. */
    static final class Spark {
        @Option(names = "--spark", paramLabel = "MASTER",
                description = "run the images on Apache Spark: local[N], spark://HOST:PORT, yarn, ... (the same numbers"
                        + " as without it; see README, \"Spark\")")
        String master;

        /** The cluster, or {@code null} without --spark. */
        io.github.advent.tools.cluster.Cluster open() {
            if (master == null) {
                return null;
            }
            if (master.isBlank()) {
                throw new IllegalArgumentException("--spark needs a master URL, e.g. local[2] or spark://host:7077");
            }
            return io.github.advent.tools.cluster.Clusters.open(master);
        }
    }
}
