package io.github.advent.tools.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * Where a batch job's items run: an Apache Spark cluster ({@code --spark MASTER}, the {@code spark} module) or, without
 * one, this process. A job is a list of items and a {@link PartitionTask}; the cluster cuts the list into contiguous
 * partitions, runs the task once per partition (so that it loads its checkpoint once) and returns the partitions' results
 * in partition order, whatever ran where: the driver merges them exactly as a single-machine run would.
 */
public interface Cluster extends AutoCloseable {

    /** Runs {@code task} on contiguous partitions of {@code items}; the partitions' results, concatenated in order. */
    <I extends Serializable, O extends Serializable> List<O> map(String jobName, List<I> items, PartitionTask<I, O> task);

    /**
     * A path as a task ships it: absolute, since an executor resolves a relative one against its own work folder
     * (a cluster's nodes must see the same files at the same absolute paths: a shared file system).
     */
    static String path(java.nio.file.Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /** How many partitions run at once (Spark's default parallelism). */
    int parallelism();

    /** The master this cluster runs on and its parallelism, for provenance, e.g. {@code spark local[2] (2 slots)}. */
    String describe();

    @Override
    void close();

    /**
     * One partition's work: its results for {@code items} (one per item, or one for all, as the job defines).
     * Serialisable, with everything it needs (paths, options) in its fields: it is shipped to the executors.
     */
    @FunctionalInterface
    interface PartitionTask<I, O> extends Serializable {
        List<O> run(List<I> items);
    }
}
