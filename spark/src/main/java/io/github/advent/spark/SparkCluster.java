package io.github.advent.spark;

import io.github.advent.tools.cluster.Cluster;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A {@link Cluster} on Apache Spark: one {@link JavaSparkContext} for the command; a job's items become an RDD of
 * contiguous slices ({@code parallelize}), the task runs once per slice ({@code mapPartitions}) and {@code collect}
 * returns the slices' results in order. A task's failure (bad input on an executor) is rethrown as the original
 * exception, so that the command still answers with its one line.
 */
final class SparkCluster implements Cluster {
    /** Slices per slot: enough for balance, few enough that each loads its checkpoint a handful of times. */
    static final int SLICES_PER_SLOT = 2;

    /** What the launcher sets that executors need as well. */
    static final List<String> EXECUTOR_ENVIRONMENT =
            List.of("DJL_OFFLINE", "OPT_OUT_TRACKING", "GLIBC_TUNABLES", "ONEDNN_MAX_CPU_ISA", "PYTORCH_LIBRARY_PATH",
                    "PYTORCH_VERSION", "PYTORCH_FLAVOR");
    private static final String QUIET_LOGGERS = "org.slf4j.simpleLogger.log.org.apache";

    private final String master;
    private final JavaSparkContext context;

    SparkCluster(String master) {
        this.master = master;
        // Spark's and Hadoop's logs (start-up warnings, an executor's stack trace of bad input) are not the command's
        // output: a failure reaches the driver as its exception and is reported in one line like any other.
        // -Dorg.slf4j.simpleLogger.log.org.apache=warn (ADVENT_JAVA_OPTS) brings them back.
        if (System.getProperty(QUIET_LOGGERS) == null) {
            System.setProperty(QUIET_LOGGERS, "off");
        }
        // spark.* system properties (ADVENT_JAVA_OPTS=-Dspark.executor.memory=8g, or spark-submit's) are read too
        SparkConf conf = new SparkConf().setMaster(master).setAppName("advent")
                // the driver's output is the command's: no console progress bars, no web UI on a port
                .set("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.ui.enabled", "false");
        // executors run offline like the driver, with its malloc and oneDNN settings (the launcher's)
        for (String variable : EXECUTOR_ENVIRONMENT) {
            String value = System.getenv(variable);
            if (value != null && !conf.contains("spark.executorEnv." + variable)) {
                conf.setExecutorEnv(variable, value);
            }
        }
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            conf.set("spark.jars", String.join(",", AdventJars.onClassPath())); // executors need advent's classes
        }
        try {
            this.context = new JavaSparkContext(conf);
        } catch (Exception e) { // Scala throws SparkException unchecked
            throw new IllegalArgumentException("--spark " + master + ": cannot start Spark: " + e.getMessage(), e);
        }
        context.setLogLevel("WARN");
    }

    @Override
    public <I extends Serializable, O extends Serializable> List<O> map(String jobName, List<I> items,
            PartitionTask<I, O> task) {
        if (items.isEmpty()) {
            return List.of();
        }
        int slices = Math.min(items.size(), SLICES_PER_SLOT * parallelism());
        context.setJobDescription("advent " + jobName);
        try {
            return new ArrayList<>(context.parallelize(items, slices).mapPartitions(new RunTask<>(task)).collect());
        } catch (Exception e) { // Scala throws SparkException unchecked
            throw original(e);
        }
    }

    /** The task as Spark's partition function. */
    private record RunTask<I, O>(PartitionTask<I, O> task)
            implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<I>, O> {
        @Override
        public Iterator<O> call(Iterator<I> partition) {
            List<I> items = new ArrayList<>();
            partition.forEachRemaining(items::add);
            return task.run(items).iterator();
        }
    }

    /** The executor's exception behind Spark's wrapping (SparkException: Job aborted ... caused by it). */
    static RuntimeException original(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!(t instanceof SparkException) && t instanceof RuntimeException runtime
                    && !t.getClass().getName().startsWith("org.apache.spark")) {
                return runtime;
            }
        }
        return new IllegalStateException("Spark job failed: " + e.getMessage(), e);
    }

    @Override
    public int parallelism() {
        return context.defaultParallelism();
    }

    @Override
    public String describe() {
        return "spark " + master + " (" + parallelism() + " slots, Spark " + context.version() + ")";
    }

    @Override
    public void close() {
        context.close();
    }
}
