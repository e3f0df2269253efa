package io.github.advent.eval.report;

import com.google.gson.JsonObject;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.report.EvalReport.ClassRow;
import io.github.advent.eval.report.EvalReport.MeanRow;
import io.github.advent.eval.report.EvalReport.SweepRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a report folder: {@code result.json} (the {@link ReportJson} document), {@code result.csv},
 * {@code report.md}, {@code index.html} and the charts it shows ({@code per-class.png}, and for a
 * sweep {@code sweep.png} and {@code sweep.csv}). Each file is written atomically and carries the
 * provenance.
 */
public final class ReportFiles {
    public static final String JSON = "result.json";
    public static final String CSV = "result.csv";
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "index.html";
    public static final String CLASS_CHART = "per-class.png";
    public static final String SWEEP_CHART = "sweep.png";
    public static final String SWEEP_CSV = "sweep.csv";

    private ReportFiles() {}

    /** Writes every file into {@code dir} (created if needed); returns the files written. */
    public static List<Path> write(EvalReport report, Path dir) {
        List<Path> written = new ArrayList<>();
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new BadInputException(dir, "--report must be a folder, and this is a file");
            }
            Files.createDirectories(dir);
            JsonObject json = ReportJson.toJson(report);
            text(dir.resolve(JSON), ReportJson.toJsonString(json) + "\n", written);
            text(dir.resolve(CSV), csv(report), written);
            Path chart = dir.resolve(CLASS_CHART);
            AtomicFiles.write(chart, f -> Charts.perClass(report, f));
            written.add(chart);
            if (report.sweep() != null) {
                Path curve = dir.resolve(SWEEP_CHART);
                AtomicFiles.write(curve, f -> Charts.sweep(report.sweep(), f));
                written.add(curve);
                text(dir.resolve(SWEEP_CSV), sweepCsv(report), written);
            }
            text(dir.resolve(MARKDOWN), markdown(report), written);
            text(dir.resolve(HTML), html(report), written);
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot write the report: " + e.getMessage(), e);
        }
        return written;
    }

    private static void text(Path file, String content, List<Path> written) throws IOException {
        AtomicFiles.write(file, f -> Files.writeString(f, content, StandardCharsets.UTF_8));
        written.add(file);
    }

    /** A value for CSV: full precision, empty for NaN. */
    static String csvNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double v = n.doubleValue();
            return Double.isFinite(v) ? Double.toString(v) : "";
        }
        return n.toString();
    }

    private static String csvText(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Provenance as comment lines (pandas: {@code read_csv(..., comment='#')}). */
    private static String csvHeader(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.title()).append(": ").append(r.valueName()).append(" (").append(r.metric())
                .append("), ").append(r.classSet()).append('\n');
        sb.append("# values are fractions in [0, 1]; empty where not defined\n");
        sb.append("# provenance: ").append(ReportJson.provenance(r.provenance())).append('\n');
        return sb.toString();
    }

    static String csv(EvalReport r) {
        Set<String> keys = new LinkedHashSet<>();
        r.classes().forEach(c -> keys.addAll(c.counts().keySet()));
        StringBuilder sb = new StringBuilder(csvHeader(r));
        sb.append("kind,id,name,").append(r.valueName().toLowerCase(java.util.Locale.ROOT));
        keys.forEach(k -> sb.append(',').append(k));
        sb.append(",note\n");
        for (ClassRow c : r.classes()) {
            sb.append("class,").append(c.id()).append(',').append(csvText(c.name())).append(',')
                    .append(csvNumber(c.value()));
            for (String k : keys) {
                Number n = c.counts().get(k);
                sb.append(',').append(n == null ? "" : csvNumber(n));
            }
            sb.append(',').append(csvText(c.note())).append('\n');
        }
        for (MeanRow m : r.means()) {
            sb.append("mean,,").append(csvText(m.name())).append(',').append(csvNumber(m.value()));
            keys.forEach(k -> sb.append(','));
            sb.append(',').append(csvText(m.description() + "; " + m.defined() + " of " + m.classes()
                    + " classes have a value")).append('\n');
        }
        return sb.toString();
    }

    static String sweepCsv(EvalReport r) {
        EvalReport.Sweep s = r.sweep();
        StringBuilder sb = new StringBuilder(csvHeader(r));
        sb.append("# ").append(s.rule()).append('\n');
        sb.append("iteration,file,sha256");
        s.meanNames().forEach(n -> sb.append(',').append(n));
        sb.append(",cached,best\n");
        for (int i = 0; i < s.points().size(); i++) {
            SweepRow p = s.points().get(i);
            sb.append(p.iteration()).append(',').append(csvText(p.file())).append(',').append(p.sha256());
            for (double v : p.means()) {
                sb.append(',').append(csvNumber(v));
            }
            sb.append(',').append(p.cached()).append(',').append(i == s.bestIndex()).append('\n');
        }
        return sb.toString();
    }

    static String markdown(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.title()).append("\n\n");
        sb.append("- **Metric:** ").append(r.valueName()).append(" (`").append(r.metric()).append("`): ")
                .append(r.metricDescription()).append('\n');
        sb.append("- **Class set:** ").append(r.classSet()).append('\n');
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            sb.append("- **").append(e.getKey().replace('_', ' ')).append(":** ").append(e.getValue()).append('\n');
        }
        sb.append('\n');
        for (MeanRow m : r.means()) {
            sb.append("**").append(m.name()).append(" = ").append(TerminalTable.percent(m.value())).append("** (")
                    .append(m.description()).append("; ").append(m.defined()).append(" of ").append(m.classes())
                    .append(" classes have a value)\n\n");
        }
        Set<String> keys = new LinkedHashSet<>();
        r.classes().forEach(c -> keys.addAll(c.counts().keySet()));
        sb.append("| class | ").append(r.valueName()).append(" (%) |");
        keys.forEach(k -> sb.append(' ').append(k.replace('_', ' ')).append(" |"));
        sb.append(" note |\n|---|---:|");
        keys.forEach(k -> sb.append("---:|"));
        sb.append("---|\n");
        for (ClassRow c : r.classes()) {
            sb.append("| ").append(c.name()).append(" | ").append(TerminalTable.percent(c.value())).append(" |");
            for (String k : keys) {
                Number n = c.counts().get(k);
                sb.append(' ').append(n == null ? "" : mdNumber(n)).append(" |");
            }
            sb.append(' ').append(c.note()).append(" |\n");
        }
        sb.append("\n![per-class ").append(r.valueName()).append("](").append(CLASS_CHART).append(")\n");
        if (r.sweep() != null) {
            sb.append("\n## Snapshots\n\n").append(r.sweep().rule()).append("\n\n| iteration |");
            r.sweep().meanNames().forEach(n -> sb.append(' ').append(n).append(" (%) |"));
            sb.append(" file |\n|---:|");
            r.sweep().meanNames().forEach(n -> sb.append("---:|"));
            sb.append("---|\n");
            for (int i = 0; i < r.sweep().points().size(); i++) {
                SweepRow p = r.sweep().points().get(i);
                sb.append("| ").append(p.iteration()).append(i == r.sweep().bestIndex() ? " (best)" : "").append(" |");
                for (double v : p.means()) {
                    sb.append(' ').append(TerminalTable.percent(v)).append(" |");
                }
                sb.append(' ').append(p.file()).append(" |\n");
            }
            sb.append("\n![sweep](").append(SWEEP_CHART).append(")\n");
        }
        sb.append("\n## Provenance\n\n```json\n").append(ReportJson.toJsonString(ReportJson.provenance(r.provenance())))
                .append("\n```\n");
        return sb.toString();
    }

    private static String mdNumber(Number n) {
        if (n instanceof Double d) {
            return Double.isNaN(d) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", d);
        }
        return n.toString();
    }

    static String html(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(r.title())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}\n")
                .append(".mean{font-size:1.3em;margin:.3em 0}.note{color:#777;font-size:.9em}\n")
                .append("pre{background:#f6f6f6;padding:1em;overflow:auto}img{max-width:100%}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(r.title())).append("</h1>\n<ul>\n");
        sb.append("<li><b>Metric:</b> ").append(esc(r.valueName())).append(" (<code>").append(esc(r.metric()))
                .append("</code>): ").append(esc(r.metricDescription())).append("</li>\n");
        sb.append("<li><b>Class set:</b> ").append(esc(r.classSet())).append("</li>\n");
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            sb.append("<li><b>").append(esc(e.getKey().replace('_', ' '))).append(":</b> ")
                    .append(esc(String.valueOf(e.getValue()))).append("</li>\n");
        }
        sb.append("</ul>\n");
        for (MeanRow m : r.means()) {
            sb.append("<p class=\"mean\"><b>").append(esc(m.name())).append(" = ").append(TerminalTable.percent(m.value()))
                    .append("</b> <span class=\"note\">").append(esc(m.description())).append("; ").append(m.defined())
                    .append(" of ").append(m.classes()).append(" classes have a value</span></p>\n");
        }
        sb.append("<p><img src=\"").append(CLASS_CHART).append("\" alt=\"per-class ").append(esc(r.valueName()))
                .append(" bar chart\"></p>\n");
        Set<String> keys = new LinkedHashSet<>();
        r.classes().forEach(c -> keys.addAll(c.counts().keySet()));
        sb.append("<table>\n<tr><th>id</th><th>class</th><th>").append(esc(r.valueName())).append(" (%)</th>");
        keys.forEach(k -> sb.append("<th>").append(esc(k.replace('_', ' '))).append("</th>"));
        sb.append("<th>note</th></tr>\n");
        for (ClassRow c : r.classes()) {
            sb.append("<tr><td class=\"n\">").append(c.id()).append("</td><td>").append(esc(c.name()))
                    .append("</td><td class=\"n\">").append(TerminalTable.percent(c.value())).append("</td>");
            for (String k : keys) {
                Number n = c.counts().get(k);
                sb.append("<td class=\"n\">").append(n == null ? "" : esc(mdNumber(n))).append("</td>");
            }
            sb.append("<td class=\"note\">").append(esc(c.note())).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        if (r.sweep() != null) {
            EvalReport.Sweep s = r.sweep();
            sb.append("<h2>Snapshots</h2>\n<p>").append(esc(s.rule())).append("</p>\n<p><img src=\"")
                    .append(SWEEP_CHART).append("\" alt=\"mean over snapshots\"></p>\n<table>\n<tr><th>iteration</th>");
            s.meanNames().forEach(n -> sb.append("<th>").append(esc(n)).append(" (%)</th>"));
            sb.append("<th>file</th></tr>\n");
            for (int i = 0; i < s.points().size(); i++) {
                SweepRow p = s.points().get(i);
                sb.append("<tr><td class=\"n\">").append(p.iteration()).append(i == s.bestIndex() ? " (best)" : "")
                        .append("</td>");
                for (double v : p.means()) {
                    sb.append("<td class=\"n\">").append(TerminalTable.percent(v)).append("</td>");
                }
                sb.append("<td>").append(esc(p.file())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<h2>Provenance</h2>\n<pre>").append(esc(ReportJson.toJsonString(ReportJson.provenance(r.provenance()))))
                .append("</pre>\n<p class=\"note\">Files: <a href=\"").append(JSON).append("\">").append(JSON)
                .append("</a>, <a href=\"").append(CSV).append("\">").append(CSV).append("</a>, <a href=\"")
                .append(MARKDOWN).append("\">").append(MARKDOWN).append("</a></p>\n</body>\n</html>\n");
        return sb.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
