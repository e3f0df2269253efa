package io.github.advent.spark;

import io.github.advent.tools.cluster.Cluster;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaFutureAction;
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

    /** Seconds a job may wait with no executor alive before it is cancelled (a system property). */
    static final String EXECUTOR_TIMEOUT_PROPERTY = "advent.spark.executorTimeout";
    static final long DEFAULT_EXECUTOR_TIMEOUT_SECONDS = 120;

    private final String master;
    private final JavaSparkContext context;
    private final Duration executorTimeout;

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
        // executors need advent's classes: shipped to every executor's work folder, unless the cluster has them
        // installed (spark.executor.extraClassPath=/opt/advent/lib/*) or spark.jars says what to ship
        if (!master.startsWith("local") && !conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath")) {
            conf.set("spark.jars", String.join(",", AdventJars.onClassPath()));
        }
        this.executorTimeout = Duration.ofSeconds(Long.getLong(EXECUTOR_TIMEOUT_PROPERTY, DEFAULT_EXECUTOR_TIMEOUT_SECONDS));
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
        JavaFutureAction<List<O>> job;
        try {
            job = context.parallelize(items, slices).mapPartitions(new RunTask<>(task)).collectAsync();
        } catch (Exception e) { // Scala throws SparkException unchecked
            throw stopped().orElseGet(() -> original(e));
        }
        return new ArrayList<>(await(job));
    }

    /**
     * The job's results. Spark re-runs a lost executor's slices elsewhere, and waits for resources for ever: with no
     * executor alive for {@link #executorTimeout} (every worker gone, or none with the cores and memory asked for)
     * the job is cancelled with one line instead of hanging.
     */
    private <O> List<O> await(JavaFutureAction<List<O>> job) {
        long lastAlive = System.nanoTime();
        while (true) {
            try {
                return job.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (master.startsWith("local") || liveExecutors() > 0) {
                    lastAlive = System.nanoTime();
                } else if (System.nanoTime() - lastAlive > executorTimeout.toNanos()) {
                    job.cancel(true);
                    throw new IllegalArgumentException("--spark " + master + ": no executor alive for "
                            + executorTimeout.toSeconds() + " s (workers gone, or none with the cores and memory asked"
                            + " for); the job was cancelled (-D" + EXECUTOR_TIMEOUT_PROPERTY + "=SECONDS waits longer)");
                }
            } catch (ExecutionException e) {
                throw stopped().orElseGet(() -> original(e.getCause() instanceof Exception cause ? cause : e));
            } catch (InterruptedException e) {
                job.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark", e);
            }
        }
    }

    /** Executors registered with the driver, the driver itself not counted. */
    private int liveExecutors() {
        return Math.max(0, context.sc().statusTracker().getExecutorInfos().length - 1);
    }

    /** When the cluster ended this application (e.g. its executors failed to start ten times): one line saying so. */
    private java.util.Optional<RuntimeException> stopped() {
        if (!context.sc().isStopped()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new IllegalArgumentException("--spark " + master + ": the cluster ended this"
                + " application (its executors could not start or kept failing: see the workers' logs under their"
                + " work folders)"));
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
