package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code --spark} commands against a real Spark standalone cluster: a master and two one-core workers on
 * 127.0.0.1, started from the class path's jars as the README starts one, each task run in a worker's executor JVM.
 * Then the faults a cluster has: an executor killed in the middle of a job (its slices re-run elsewhere, the results
 * the same) and every worker gone (one line after the wait, never a hang). The cluster is stopped whatever happens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest extends SparkCommandsCases {
    /** Spark settings of these tests, as system properties (what ADVENT_JAVA_OPTS=-Dspark.... gives a user). */
    private static final Map<String, String> SETTINGS = Map.of(
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1",
            // a job starts once both workers' executors are there, so that both run slices
            "spark.cores.max", "2",
            "spark.scheduler.minRegisteredResourcesRatio", "1.0",
            "spark.scheduler.maxRegisteredResourcesWaitingTime", "20s",
            "spark.executor.memory", "1g",
            "spark.executorEnv.OMP_NUM_THREADS", "1");
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, "1536m");
        SETTINGS.forEach(System::setProperty);
        // the workers' SPARK_HOME/jars holds advent's jars: nothing to ship (the README's installed-jars setting)
        System.setProperty("spark.executor.extraClassPath", cluster.home().resolve("jars") + "/*");
    }

    @AfterAll
    static void stopCluster() {
        SETTINGS.keySet().forEach(System::clearProperty);
        System.clearProperty("spark.executor.extraClassPath");
        System.clearProperty("advent.spark.executorTimeout");
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    String master() {
        return cluster.master();
    }

    /** Executor folders (APP/EXECUTOR) of every worker whose stderr shows it ran a task. */
    private static List<Path> executorsThatRanTasks(String app) throws IOException {
        List<Path> ran = new java.util.ArrayList<>();
        for (Path work : cluster.workFolders()) {
            for (Path executor : executorFolders(work, app)) {
                Path log = executor.resolve("stderr");
                if (Files.exists(log) && Files.readString(log).contains("Running task")) {
                    ran.add(executor);
                }
            }
        }
        return ran;
    }

    private static List<Path> executorFolders(Path work, String app) throws IOException {
        Path folder = work.resolve(app);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The newest application id the workers have folders for. */
    private static String newestApp() throws IOException {
        String newest = "";
        for (Path work : cluster.workFolders()) {
            try (Stream<Path> list = Files.list(work)) {
                for (Path app : list.toList()) {
                    String name = app.getFileName().toString();
                    newest = name.compareTo(newest) > 0 ? name : newest;
                }
            }
        }
        return newest;
    }

    @Test
    @Order(1)
    void tasksRunInBothWorkersExecutorJvms() throws IOException {
        assertSameScores("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes, "--checkpoint",
                deeplab(dir.resolve("both.safetensors"), 6).toString(), "--json", "--device", "cpu");
        List<Path> ran = executorsThatRanTasks(newestApp());
        assertEquals(2, ran.stream().map(p -> p.getParent().getParent()).distinct().count(),
                "executors of both workers ran slices: " + ran);
    }

    @Test
    @Order(2)
    void anExecutorKilledInTheMiddleOfAJobChangesNothing() throws Exception {
        String[] frames = new String[16];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = String.format("zurich_%06d_000019", i);
        }
        Path data = EvaluateCheckpointCommandTest.cityscapesVal(dir.resolve("kill-data"), frames);
        Path checkpoint = deeplab(dir.resolve("kill.safetensors"), 7);
        String[] evaluate = {"evaluate", "segmentation", "--dataset", "cityscapes=" + data, "--checkpoint",
            checkpoint.toString(), "--json", "--device", "cpu"};
        String[] predict = {"predict", "--checkpoint", checkpoint.toString(), "--input",
            data.resolve("leftImg8bit/val").toString(), "--device", "cpu", "--out"};
        String before = newestApp();
        CompletableFuture<CliRunner.Result> scoring = CompletableFuture.supplyAsync(() -> CliRunner.run(withSpark(evaluate)));
        String app = killAnExecutorOnceItRunsATask(before, scoring);
        CliRunner.Result spark = scoring.get(5, TimeUnit.MINUTES);
        assertEquals(0, spark.code(), spark::toString);
        assertEquals(scores(ok(evaluate)), scores(spark));
        assertTrue(executorCount(app) >= 3, "the killed executor was replaced: " + executorCount(app) + " executors");

        before = newestApp();
        CompletableFuture<CliRunner.Result> predicting = CompletableFuture.supplyAsync(
                () -> CliRunner.run(withSpark(append(predict, dir.resolve("kill-p2").toString()))));
        killAnExecutorOnceItRunsATask(before, predicting);
        assertEquals(0, predicting.get(5, TimeUnit.MINUTES).code());
        ok(append(predict, dir.resolve("kill-p1").toString()));
        assertEquals(files(dir.resolve("kill-p1")), files(dir.resolve("kill-p2")));
    }

    private static String[] append(String[] args, String last) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    private static int executorCount(String app) throws IOException {
        int n = 0;
        for (Path work : cluster.workFolders()) {
            n += executorFolders(work, app).size();
        }
        return n;
    }

    /** Waits for the application after {@code before} to run a task, kills that executor's JVM with SIGKILL. */
    private static String killAnExecutorOnceItRunsATask(String before, CompletableFuture<?> job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && !job.isDone()) {
            String app = newestApp();
            if (app.compareTo(before) > 0) {
                for (Path executor : executorsThatRanTasks(app)) {
                    String id = executor.getFileName().toString();
                    for (ProcessHandle p : cluster.executors()) {
                        String line = p.info().commandLine().orElse("");
                        if (line.contains("--app-id " + app) && line.contains("--executor-id " + id + " ")) {
                            p.destroyForcibly();
                            p.onExit().get(30, TimeUnit.SECONDS);
                            assertTrue(!job.isDone(), "the job was still running when its executor was killed");
                            return app;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no executor ran a task of a new application before the job ended");
    }

    /**
     * The README's spark-submit recipe in client mode (the driver is spark-submit's JVM) and cluster mode (the driver
     * runs on a worker, its stdout in that worker's work folder): the same report as one process.
     */
    @Test
    @Order(3)
    void sparkSubmitRunsACommandInClientAndClusterDeployMode() throws Exception {
        Path checkpoint = deeplab(dir.resolve("submit.safetensors"), 9);
        List<String> command = List.of("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", checkpoint.toString(), "--json", "--device", "cpu");
        JsonObject single = scores(ok(command.toArray(String[]::new)));
        for (String mode : List.of("client", "cluster")) {
            List<String> args = new java.util.ArrayList<>(List.of("--master", master(), "--deploy-mode", mode,
                    "--class", AdventCli.class.getName(),
                    "--conf", "spark.executor.extraClassPath=" + cluster.home().resolve("jars") + "/*",
                    "--conf", "spark.executorEnv.DJL_OFFLINE=true",
                    "--conf", "spark.standalone.submit.waitAppCompletion=true",
                    "--driver-java-options", StandaloneCluster.sparkJvmOptions() + " -Dai.djl.offline=true",
                    cluster.jarOf(AdventCli.class).toString()));
            args.addAll(command);
            args.addAll(List.of("--spark", master()));
            Path out = dir.resolve("submit-" + mode + ".out");
            Path log = dir.resolve("submit-" + mode + ".log");
            Process submit = cluster.sparkSubmit(out, log, args);
            assertTrue(submit.waitFor(4, TimeUnit.MINUTES), mode + ": spark-submit did not end");
            assertEquals(0, submit.exitValue(), () -> mode + ": " + tail(log));
            Path report = mode.equals("client") ? out : driverStdout();
            JsonObject submitted = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
            assertTrue(submitted.getAsJsonObject("facts").get("cluster").getAsString().startsWith("spark " + master()));
            assertEquals(single, scores(submitted), mode);
        }
    }

    private static String tail(Path log) {
        try {
            return StandaloneCluster.tail(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The stdout of the one driver the workers ran (cluster deploy mode). */
    private static Path driverStdout() throws IOException {
        List<Path> drivers = new java.util.ArrayList<>();
        for (Path work : cluster.workFolders()) {
            try (Stream<Path> list = Files.list(work)) {
                list.filter(p -> p.getFileName().toString().startsWith("driver-")).forEach(drivers::add);
            }
        }
        assertEquals(1, drivers.size(), drivers::toString);
        return drivers.get(0).resolve("stdout");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: the cluster has no workers afterwards
    void withEveryWorkerGoneAJobEndsInOneLineInsteadOfHanging() throws Exception {
        cluster.killWorkers();
        System.setProperty("advent.spark.executorTimeout", "10");
        CliRunner.Result r = CliRunner.run(withSpark("evaluate", "segmentation", "--dataset", "cityscapes=" + cityscapes,
                "--checkpoint", deeplab(dir.resolve("gone.safetensors"), 8).toString(), "--device", "cpu"));
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("advent: --spark " + master() + ": no executor alive for 10 s"), r::toString);
    }
}
