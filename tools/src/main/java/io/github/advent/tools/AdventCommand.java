package io.github.advent.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code advent} command shares: {@code --help} / {@code --version}, the layout of the
 * help text, and helpers to report a usage error (exit 2) from {@link #call()}.
 */
@Command(mixinStandardHelpOptions = true,
        versionProvider = AdventCli.Version.class,
        sortOptions = false,
        usageHelpWidth = 100,
        separator = " ",
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%nExamples:%n")
public abstract class AdventCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** A usage error about this command's options; throw it from {@link #call()} to exit with status 2. */
    protected ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Throws a usage error when {@code value} is below {@code min}. */
    protected void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw usageError(option + " must be at least " + min + ", got " + value);
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A command that only groups subcommands: run without one, it is a usage error. */
    public abstract static class Group extends AdventCommand {
        @Override
        public Integer call() {
            throw usageError("missing subcommand; choose one of: "
                    + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
        }
    }
}
