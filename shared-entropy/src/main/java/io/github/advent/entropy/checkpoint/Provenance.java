package io.github.advent.entropy.checkpoint;

import ai.djl.engine.Engine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a result file came from: the command line, when, and the versions that produced it.
 * Stored in every checkpoint and report.
 */
public record Provenance(String command, String created, String advent, String djl, String engine, String java,
        String os) {
    /** The toolkit's version, from the jar manifest when packaged. */
    public static String adventVersion() {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    /** This provenance without its creation time, for files that a command must reproduce byte for byte. */
    public Provenance undated() {
        return new Provenance(command, "", advent, djl, engine, java, os);
    }

    public static Provenance current(String command) {
        Engine engine = Engine.getInstance();
        return new Provenance(command, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), adventVersion(),
                Engine.getDjlVersion(), engine.getEngineName() + " " + engine.getVersion(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
}
