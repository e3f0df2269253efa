package io.github.advent.tools;

import io.github.advent.eval.report.EvalReport;
import io.github.advent.eval.report.ReportFiles;
import io.github.advent.eval.report.ReportJson;
import io.github.advent.eval.report.TerminalTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** How the evaluate commands hand their result over: table or JSON on stdout, and the report folder. */
final class EvaluateOutput {
    private EvaluateOutput() {}

    /**
     * Writes the report folder when asked, then prints one JSON document ({@code json}) or the
     * table and the report's location.
     */
    static void emit(EvalReport report, CommonOptions.Reporting reporting, PrintWriter out) {
        if (reporting.report != null) {
            ReportFiles.write(report, reporting.report);
        }
        if (reporting.json) {
            out.println(ReportJson.toJsonString(report));
        } else {
            out.print(TerminalTable.render(report));
            if (reporting.report != null) {
                out.println();
                out.println("report: " + reporting.report.resolve(ReportFiles.HTML));
            }
        }
        out.flush();
    }

    /** The command line as typed (for provenance): {@code advent evaluate segmentation --dataset ...}. */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.root().commandLine().getParseResult() == null ? List.of()
                : spec.root().commandLine().getParseResult().originalArgs();
        return "advent" + (args.isEmpty() ? "" : " " + args.stream().map(EvaluateOutput::quote)
                .collect(Collectors.joining(" ")));
    }

    static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** A path for messages and provenance: absolute and normalised. */
    static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
