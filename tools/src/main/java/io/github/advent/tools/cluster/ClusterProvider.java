package io.github.advent.tools.cluster;

/**
 * Opens a {@link Cluster} for a {@code --spark} master; found with {@link java.util.ServiceLoader} so that the
 * command line needs none of Spark's jars unless {@code --spark} is given (the {@code spark} module provides it).
 */
public interface ClusterProvider {
    Cluster open(String master);
}
