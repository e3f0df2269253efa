package io.github.advent.spark;

import io.github.advent.tools.cluster.Cluster;
import io.github.advent.tools.cluster.ClusterProvider;

/** {@code --spark MASTER}: found by {@link io.github.advent.tools.cluster.Clusters} through {@link java.util.ServiceLoader}. */
public final class SparkClusterProvider implements ClusterProvider {
    @Override
    public Cluster open(String master) {
        return new SparkCluster(master);
    }
}
