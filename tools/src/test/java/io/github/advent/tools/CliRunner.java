package io.github.advent.tools;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the command line in-process with captured output. */
final class CliRunner {
    private CliRunner() {}

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        return run(false, cli -> { }, args);
    }

    static Result run(boolean debug, Consumer<CommandLine> setup, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AdventCli.newCommandLine(debug);
        setup.accept(cli);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = AdventCli.run(cli, args);
        return new Result(code, out.toString(), err.toString());
    }
}
