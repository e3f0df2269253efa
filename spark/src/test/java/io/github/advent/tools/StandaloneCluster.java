package io.github.advent.tools;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback, as a user starts one from advent's jars (README, "Spark"): a master and
 * one-core workers, each a {@code java -cp "SPARK_HOME/jars/*"} process, with {@code SPARK_HOME} holding a
 * {@code RELEASE} file and {@code jars/} (Spark's jars and advent's). Here the jars are this test's class path, its
 * class folders packed as jars. Closing it kills every process it started, executors included.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final String master;
    /** Each class folder of this class path and the jar it was packed into. */
    private final java.util.Map<Path, Path> packed;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> workFolders = new ArrayList<>();

    private StandaloneCluster(Path home, String master, java.util.Map<Path, Path> packed) {
        this.home = home;
        this.master = master;
        this.packed = packed;
    }

    /** Starts a master and {@code workers} workers of one core and {@code memory} each, and waits for them. */
    static StandaloneCluster start(Path root, int workers, String memory) throws IOException, InterruptedException {
        Path home = root.resolve("spark-home");
        java.util.Map<Path, Path> packed = sparkHome(home);
        int port = freePort();
        StandaloneCluster cluster = new StandaloneCluster(home, "spark://127.0.0.1:" + port, packed);
        try {
            Path masterLog = root.resolve("master.log");
            cluster.processes.add(cluster.launch(masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", "0"));
            awaitLine(masterLog, "I have been elected leader", cluster.processes.get(0));
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(root.resolve("worker" + i));
                Path log = root.resolve("worker" + i + ".log");
                Process worker = cluster.launch(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", memory, "--webui-port", "0", "--work-dir", work.toString(),
                        cluster.master);
                cluster.processes.add(worker);
                cluster.workers.add(worker);
                cluster.workFolders.add(work);
                awaitLine(log, "Successfully registered with master", worker);
            }
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    String master() {
        return master;
    }

    Path home() {
        return home;
    }

    /** The jar in SPARK_HOME/jars that holds {@code type} (for spark-submit's application jar). */
    Path jarOf(Class<?> type) throws java.net.URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        return packed.getOrDefault(location, location);
    }

    /**
     * {@code java -cp "SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit ARGS} (what {@code bin/spark-submit}
     * runs), its stdout in {@code out}, its stderr in {@code log}.
     */
    Process sparkSubmit(Path out, Path log, List<String> args) throws IOException {
        List<String> command = javaCommand("org.apache.spark.deploy.SparkSubmit");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile());
        environment(builder);
        return builder.start();
    }

    /** The JVM options Spark 3.5 needs on Java 17 (the --add-opens this JVM runs with), space-separated. */
    static String sparkJvmOptions() {
        return String.join(" ", jvmOptions());
    }

    /** Each worker's work folder: {@code APP_ID/EXECUTOR_ID/stderr} for every executor it ran. */
    List<Path> workFolders() {
        return List.copyOf(workFolders);
    }

    /** The executor JVMs alive now (children of the workers). */
    List<ProcessHandle> executors() {
        return workers.stream().flatMap(Process::descendants).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** Kills every worker and its executors with SIGKILL, as a machine that goes away. */
    void killWorkers() throws InterruptedException {
        for (Process worker : workers) {
            worker.descendants().forEach(ProcessHandle::destroyForcibly);
            worker.destroyForcibly();
            worker.waitFor();
        }
    }

    @Override
    public void close() {
        List<Process> newestFirst = new ArrayList<>(processes);
        java.util.Collections.reverse(newestFirst);
        for (Process p : newestFirst) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process launch(Path log, String mainClass, String... args) throws IOException {
        List<String> command = javaCommand(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(builder);
        return builder.start();
    }

    private List<String> javaCommand(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(List.of("-Xmx512m", "-cp", home.resolve("jars") + File.separator + "*", mainClass));
        return command;
    }

    private void environment(ProcessBuilder builder) {
        builder.environment().put("SPARK_HOME", home.toString());
        // without it, Spark's launcher looks for a source build's scala-2.13 folders to find the executors' jars
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    }

    /** Spark 3.5 on Java 17: the same --add-opens this JVM runs with (spark/pom.xml's spark.jvm.options). */
    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> o.startsWith("--add-opens") || o.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || o.startsWith("-Djdk.reflect"))
                .toList();
    }

    /**
     * SPARK_HOME: RELEASE (a binary distribution's marker) and jars/ with every jar of this class path; each class
     * folder and the jar it was packed into.
     */
    private static java.util.Map<Path, Path> sparkHome(Path home) throws IOException {
        java.util.Map<Path, Path> packed = new java.util.HashMap<>();
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5.8 (advent's jars)\n");
        int folders = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path)) {
                Path jar = jars.resolve("advent-classes-" + (++folders) + ".jar");
                packJar(path, jar);
                packed.put(path, jar);
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                Path link = jars.resolve(path.getFileName().toString());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, path);
                }
            }
        }
        return packed;
    }

    /** A class folder as a jar (in a reactor build the modules are class folders, not yet jars). */
    private static void packJar(Path folder, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitLine(Path log, String text, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("exited before '" + text + "': " + tail(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no '" + text + "' in " + START_TIMEOUT.toSeconds() + " s: " + tail(log));
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
