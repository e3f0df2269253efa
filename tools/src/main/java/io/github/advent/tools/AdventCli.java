package io.github.advent.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code advent} command line: the entry point of {@code advent-tools.jar} and of the root
 * {@code ./advent} launcher. Sub-commands follow the contract in docs/ARCHITECTURE.md; exit codes
 * are those of {@link ExitCodes}.
 */
@Command(name = "advent",
        header = "Unsupervised domain adaptation by entropy minimisation (ADVENT) for segmentation and detection.",
        description = {
            "Trains, evaluates and runs MinEnt and AdvEnt models (DeepLab-V2 segmentation, SSD-300 detection)",
            "on DJL + PyTorch. Start with 'advent demo'; every command has --help with examples."},
        commandListHeading = "%nCommands:%n",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            AdaptCommand.class,
            ImportWeightsCommand.class,
            FogCommand.class,
            BenchCommand.class,
            EngineCommand.class,
            CommandLine.HelpCommand.class},
        footer = {
            "  advent demo",
            "  advent train segmentation --method advent --source gta5=data/gta5 \\",
            "      --target cityscapes=data/cityscapes --out runs/gta2cs-advent",
            "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
            "      --checkpoint-dir runs/gta2cs-advent",
            "",
            "Exit status:",
            "  0  success",
            "  1  bad input: one line names the file (or value) and the problem",
            "  2  usage error: unknown command or option, missing or malformed value",
            "  4  internal error (set ADVENT_DEBUG=1 for the stack trace)",
            "",
            "Environment:",
            "  ADVENT_DEBUG=1     print stack traces of internal errors",
            "  ADVENT_JAVA_OPTS   extra JVM options for the ./advent launcher (e.g. -Xmx24g)",
            "  ADVENT_RAW_STDERR=1 keep libtorch's NNPACK warnings, which the launcher drops"})
public final class AdventCli extends AdventCommand {

    /** The version when the classes do not come from the packaged jar (IDE, tests). */
    public static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    /** Runs the command line and exits the JVM with its status. */
    private static volatile String invocation = "advent";

    /** The command line being run, as typed (provenance of every file a command writes). */
    static String commandLine() {
        return invocation;
    }

    public static void main(String[] args) {
        configureRuntime();
        int code = execute(args, System.out, System.err);
        System.exit(code);
    }

    /**
     * Settings that must be in place before any DJL class loads: offline (no model-zoo or native
     * library downloads), no TorchScript graph optimiser, and warn-level logging so the command line
     * stays quiet. A value set with {@code -D} on the java command line wins.
     */
    static void configureRuntime() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // DJL probes CUDA at start-up and warns on every CPU-only machine: not news to a user
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs {@code args} with output on {@code out} / {@code err}; returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        Charset charset = Charset.defaultCharset();
        return execute(args, new PrintWriter(new java.io.OutputStreamWriter(out, charset), true),
                new PrintWriter(new java.io.OutputStreamWriter(err, charset), true));
    }

    /** Runs {@code args} with output on {@code out} / {@code err}; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        invocation = "advent " + String.join(" ", args);
        CommandLine cli = newCommandLine("1".equals(System.getenv("ADVENT_DEBUG")));
        cli.setOut(out);
        cli.setErr(err);
        try {
            return run(cli, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Runs {@code args} on a command line made by {@link #newCommandLine}. picocli lets
     * {@link Error}s (a missing native library, out of memory) escape; they become internal errors too.
     */
    static int run(CommandLine cli, String[] args) {
        try {
            return cli.execute(args);
        } catch (Error e) {
            return ((Errors.FailureHandler) cli.getExecutionExceptionHandler()).report(e, cli.getErr());
        }
    }

    /** The configured command line (error handlers, exit codes); tests add commands to it. */
    static CommandLine newCommandLine(boolean debug) {
        CommandLine cli = new CommandLine(new AdventCli());
        cli.setParameterExceptionHandler(new Errors.UsageErrorHandler());
        cli.setExecutionExceptionHandler(new Errors.FailureHandler(debug));
        return cli;
    }

    /** With no command: the usage on stderr and a usage-error status. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        err().flush();
        return ExitCodes.USAGE;
    }

    /** The version from the jar manifest (Implementation-Version), else {@link #FALLBACK_VERSION}. */
    public static String version() {
        String v = AdventCli.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK_VERSION : v;
    }

    /** {@code --version}: the toolkit's version and the Java runtime. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"advent " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
