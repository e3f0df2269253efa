package io.github.advent.tools.cluster;

import java.util.ServiceLoader;

/** The {@link Cluster} for {@code --spark MASTER}, from the {@code spark} module when it is on the class path. */
public final class Clusters {
    private Clusters() {}

    /** Thrown when {@code --spark} is given but the spark module is not on the class path. */
    public static final class Unavailable extends IllegalArgumentException {
        Unavailable(String message) {
            super(message);
        }
    }

    public static Cluster open(String master) {
        for (ClusterProvider provider : ServiceLoader.load(ClusterProvider.class)) {
            return provider.open(master);
        }
        throw new Unavailable("--spark " + master + " needs advent's spark module on the class path: run it through"
                + " ./advent (it builds spark/ on first use of --spark), or add spark/target/advent-spark.jar and"
                + " spark/target/lib/* to the class path");
    }
}
