package io.github.advent.eval.report;

import io.github.advent.eval.report.EvalReport.ClassRow;
import io.github.advent.eval.report.EvalReport.MeanRow;
import io.github.advent.eval.report.EvalReport.SweepRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result as people read it in a terminal: values in percent with two decimals (as papers
 * print them), "-" where a class has no value, the means, and which metric and class set these are.
 */
public final class TerminalTable {
    /** Header lines wrap at this many columns. */
    static final int WIDTH = 100;

    private TerminalTable() {}

    /** Percent with two decimals, "-" for NaN. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    public static String render(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.title()).append('\n');
        wrap(sb, "metric:    ", (r.metric().equals("iou") ? "IoU" : r.metric()) + " - " + r.metricDescription());
        wrap(sb, "class set: ", r.classSet());
        StringBuilder facts = new StringBuilder();
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            if (facts.length() > 0) {
                facts.append(", ");
            }
            facts.append(e.getKey().replace('_', ' ')).append(' ').append(e.getValue());
        }
        wrap(sb, "data:      ", facts.toString());
        sb.append('\n');

        int nameWidth = "class".length();
        for (ClassRow c : r.classes()) {
            nameWidth = Math.max(nameWidth, c.name().length());
        }
        for (MeanRow m : r.means()) {
            nameWidth = Math.max(nameWidth, m.name().length());
        }
        List<String> countKeys = r.terminalCounts();
        String valueHeader = r.valueName() + " %";
        List<String> header = new ArrayList<>();
        header.add(pad("class", nameWidth));
        header.add(left(valueHeader, 8));
        for (String k : countKeys) {
            header.add(left(k.replace('_', ' '), Math.max(9, k.length())));
        }
        String headerLine = String.join("  ", header);
        sb.append(headerLine).append('\n');
        sb.append("-".repeat(headerLine.length())).append('\n');
        for (ClassRow c : r.classes()) {
            List<String> cells = new ArrayList<>();
            cells.add(pad(c.name(), nameWidth));
            cells.add(left(percent(c.value()), 8));
            for (String k : countKeys) {
                Number n = c.counts().get(k);
                cells.add(left(n == null ? "" : n.toString(), Math.max(9, k.length())));
            }
            String line = String.join("  ", cells);
            if (!c.note().isEmpty()) {
                line += "  (" + c.note() + ")";
            }
            sb.append(line.stripTrailing()).append('\n');
        }
        sb.append("-".repeat(headerLine.length())).append('\n');
        for (MeanRow m : r.means()) {
            sb.append(pad(m.name(), nameWidth)).append("  ").append(left(percent(m.value()), 8)).append("  (")
                    .append(m.description()).append("; ").append(m.defined()).append(" of ").append(m.classes())
                    .append(" classes have a value)\n");
        }
        if (r.sweep() != null) {
            sb.append('\n').append(renderSweep(r.sweep()));
        }
        return sb.toString();
    }

    static String renderSweep(EvalReport.Sweep s) {
        StringBuilder sb = new StringBuilder("snapshots (").append(s.rule()).append("):\n");
        sb.append(pad("iteration", 10));
        for (String name : s.meanNames()) {
            sb.append("  ").append(left(name, 8));
        }
        sb.append('\n');
        for (int i = 0; i < s.points().size(); i++) {
            SweepRow p = s.points().get(i);
            sb.append(left(Long.toString(p.iteration()), 10));
            double[] v = p.means();
            for (int k = 0; k < v.length; k++) {
                sb.append("  ").append(left(percent(v[k]), Math.max(8, s.meanNames().get(k).length())));
            }
            if (i == s.bestIndex()) {
                sb.append("  <- best");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Appends {@code label + text}, wrapped at {@link #WIDTH} columns under the text's first column. */
    private static void wrap(StringBuilder sb, String label, String text) {
        StringBuilder line = new StringBuilder(label);
        for (String word : text.split(" ")) {
            if (line.length() > label.length() && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line).append('\n');
                line = new StringBuilder(" ".repeat(label.length()));
            } else if (line.length() > label.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        sb.append(line).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String left(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
