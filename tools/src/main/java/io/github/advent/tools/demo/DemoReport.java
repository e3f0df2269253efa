package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Json;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.train.Method;
import io.github.advent.eval.report.ReportJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's report: {@code report.json} (every number, per seed and summarised) and
 * {@code index.html} (the table, per-class bars, training curves and sample target images with
 * predictions and entropy maps), with the charts as PNG files beside it.
 */
public final class DemoReport {
    public static final String JSON = "report.json";
    public static final String HTML = "index.html";

    /** One row of sample pictures: a caption and (column title, file relative to the report) tiles. */
    public record SampleRow(String caption, List<Map.Entry<String, String>> tiles) {}

    /**
     * Everything the report shows.
     *
     * @param recomputed training passes that came out non-finite and were recomputed (a faulty engine kernel's mark;
     *     0 on a sound one)
     */
    public record Content(String command, String version, String settings, List<DemoTrack> tracks,
            Map<String, List<SampleRow>> samples, double seconds, long recomputed) {}

    private DemoReport() {}

    public static void write(Path directory, Content content) {
        try {
            Files.createDirectories(directory);
            for (DemoTrack track : content.tracks()) {
                DemoCharts.perClass(track, directory.resolve(slug(track) + "-per-class.png"));
                DemoCharts.curves(track, directory.resolve(slug(track) + "-curves.png"));
            }
            writeText(directory.resolve(JSON), json(content));
            writeText(directory.resolve(HTML), html(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo report in " + directory, e);
        }
    }

    private static void writeText(Path file, String text) throws IOException {
        AtomicFiles.write(file, temporary -> Files.writeString(temporary, text, StandardCharsets.UTF_8));
    }

    static String json(Content content) {
        JsonObject root = new JsonObject();
        root.addProperty("format", 1);
        root.addProperty("command", content.command());
        root.addProperty("advent", content.version());
        root.addProperty("created", java.time.OffsetDateTime.now().withNano(0).toString());
        root.addProperty("settings", content.settings());
        root.addProperty("seconds", Math.round(content.seconds()));
        root.addProperty("recomputed_passes", content.recomputed());
        // the same seed gives other numbers on another kind of CPU: say which one these came from
        root.add("machine", new com.google.gson.Gson().toJsonTree(io.github.advent.entropy.util.MachineFacts.current().toMap()));
        JsonArray tasks = new JsonArray();
        for (DemoTrack track : content.tracks()) {
            JsonObject t = new JsonObject();
            t.addProperty("task", track.task());
            t.addProperty("metric", track.metric());
            JsonArray classes = new JsonArray();
            track.classes().forEach(classes::add);
            t.add("classes", classes);
            JsonArray methods = new JsonArray();
            for (Method method : track.methods()) {
                DemoTrack.Summary summary = track.summary(method);
                JsonObject m = new JsonObject();
                m.addProperty("method", method.cliName());
                m.addProperty("seeds", summary.seeds());
                m.add("mean", ReportJson.number(summary.mean()));
                m.add("std", ReportJson.number(summary.std()));
                m.add("gain_over_source_only", ReportJson.number(track.gain(method)));
                if (method != Method.SOURCE_ONLY) {
                    m.add("paired_gain", paired(track.pairedGain(method)));
                }
                m.add("per_class_mean", numbers(summary.perClassMean()));
                JsonArray runs = new JsonArray();
                for (DemoTrack.Run run : track.runs()) {
                    if (run.method() == method) {
                        JsonObject r = new JsonObject();
                        r.addProperty("seed", run.seed());
                        r.add("score", ReportJson.number(run.score()));
                        r.add("per_class", numbers(run.perClass()));
                        runs.add(r);
                    }
                }
                m.add("runs", runs);
                DemoTrack.Summary sourceDomain = track.sourceDomainSummary();
                if (method == Method.SOURCE_ONLY && sourceDomain != null) {
                    // the same models on held-out source scenes: the gap to the target score is the shift's cost
                    m.add("source_domain", ReportJson.number(sourceDomain.mean()));
                    m.add("source_domain_std", ReportJson.number(sourceDomain.std()));
                    m.add("source_domain_per_class_mean", numbers(sourceDomain.perClassMean()));
                    m.add("source_domain_runs", references(track.sourceDomain()));
                }
                methods.add(m);
            }
            for (DemoTrack.ReferenceRow row : DemoTrack.ReferenceRow.values()) {
                DemoTrack.Summary reference = track.referenceSummary(row);
                if (reference == null) {
                    continue;
                }
                JsonObject m = new JsonObject();
                m.addProperty("method", row.key);
                m.addProperty("seeds", reference.seeds());
                m.add("mean", ReportJson.number(reference.mean()));
                m.add("std", ReportJson.number(reference.std()));
                m.add("gain_over_source_only", ReportJson.number(reference.mean() - track.summary(Method.SOURCE_ONLY).mean()));
                m.add("paired_gain", paired(track.pairedGain(row)));
                m.add("per_class_mean", numbers(reference.perClassMean()));
                m.add("runs", references(track.references(row)));
                methods.add(m);
            }
            t.add("methods", methods);
            tasks.add(t);
        }
        root.add("tasks", tasks);
        return Json.builder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root) + "\n";
    }

    /** A gain paired by seed: its mean, the 95 % interval (null bounds for one seed) and each seed's gain. */
    private static JsonObject paired(DemoTrack.PairedGain gain) {
        JsonObject p = new JsonObject();
        p.add("mean", ReportJson.number(gain.mean()));
        p.add("ci95_low", ReportJson.number(gain.low()));
        p.add("ci95_high", ReportJson.number(gain.high()));
        p.add("per_seed", numbers(gain.perSeed()));
        return p;
    }

    private static JsonArray references(List<DemoTrack.Reference> references) {
        JsonArray runs = new JsonArray();
        for (DemoTrack.Reference reference : references) {
            JsonObject r = new JsonObject();
            r.addProperty("seed", reference.seed());
            r.add("score", ReportJson.number(reference.score()));
            r.add("per_class", numbers(reference.perClass()));
            runs.add(r);
        }
        return runs;
    }

    private static JsonArray numbers(double[] values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(ReportJson.number(v));
        }
        return array;
    }

    static String html(Content content) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>advent demo</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.gain{color:#1a7f37;font-weight:600}.loss{color:#c0392b}.neutral{color:#555}")
                .append("img{max-width:100%}.tiles td{border:none;padding:2px;text-align:center;font-size:.85em;vertical-align:top}")
                .append(".tiles img{width:200px;image-rendering:pixelated}</style></head><body>\n");
        h.append("<h1>advent demo: entropy adaptation on built-in data</h1>\n");
        h.append("<p>Networks trained on a labelled <b>synthetic</b> street domain (flat game-like colours, clean edges, a fixed camera)")
                .append(" are applied to an unlabelled <b>realistic</b> domain (other palette and light, textures, sensor noise, blur,")
                .append(" a lower camera with a wider lens, and fog computed from each scene's own depth). Source-only training")
                .append(" sees only the source; MinEnt also minimises the entropy of the target predictions, AdvEnt trains the")
                .append(" network to fool a discriminator on their weighted self-information maps (Vu et al., CVPR 2019).")
                .append(" Scores are measured on held-out target scenes whose labels no training ever reads.</p>\n");
        h.append("<p><small>").append(esc(content.settings())).append("<br>")
                .append(esc(content.command())).append(" &middot; advent ").append(esc(content.version()))
                .append(String.format(Locale.ROOT, " &middot; %.0f s &middot; %d non-finite training passes recomputed",
                        content.seconds(), content.recomputed())).append("<br>measured on ")
                .append(esc(io.github.advent.entropy.util.MachineFacts.current().describe()))
                .append(" (the same seed is bit-identical on this machine, not across CPU kinds)</small></p>\n");
        h.append("<h2>Results</h2>\n<p>Scores on held-out target scenes, as in a domain-adaptation paper: the source-only")
                .append(" lower bound, the two adaptation methods, Tent (test-time entropy minimisation of the source-only model")
                .append(" on the held-out target images themselves, one image at a time, updating only its normalisation layers;")
                .append(" no source data), and the oracle (the same network trained for as many")
                .append(" iterations on labelled target scenes) as the upper bound. Gains are paired by seed (each seed's score minus")
                .append(" source-only's of the same seed), with their 95 % confidence interval over the seeds. The source-only row also gives its score on")
                .append(" held-out <i>source</i> scenes: the gap to its target score is what the domain shift costs.</p>\n")
                .append("<table><tr><th class=\"l\">method</th>");
        for (DemoTrack track : content.tracks()) {
            h.append("<th>").append(esc(track.task())).append(" target ").append(esc(track.metric()))
                    .append(" (%)</th><th>gain</th><th>source ").append(esc(track.metric())).append(" (%)</th>");
        }
        h.append("</tr>\n");
        for (Method method : content.tracks().get(0).methods()) {
            h.append("<tr><td class=\"l\">").append(DemoCharts.label(method)).append("</td>");
            for (DemoTrack track : content.tracks()) {
                DemoTrack.Summary s = track.summary(method);
                h.append("<td>").append(scoreText(s)).append("</td><td>");
                if (method != Method.SOURCE_ONLY) {
                    h.append(gainHtml(track.pairedGain(method)));
                }
                DemoTrack.Summary source = track.sourceDomainSummary();
                h.append("</td><td>").append(method == Method.SOURCE_ONLY && source != null ? scoreText(source) : "")
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        for (DemoTrack.ReferenceRow row : DemoTrack.ReferenceRow.values()) {
            if (content.tracks().stream().noneMatch(t -> t.referenceSummary(row) != null)) {
                continue;
            }
            h.append("<tr><td class=\"l\">").append(esc(row.label)).append("</td>");
            for (DemoTrack track : content.tracks()) {
                DemoTrack.Summary reference = track.referenceSummary(row);
                h.append("<td>").append(reference == null ? "" : scoreText(reference)).append("</td><td>")
                        .append(reference == null ? "" : gainHtml(track.pairedGain(row)))
                        .append("</td><td></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        for (DemoTrack track : content.tracks()) {
            h.append("<h2>").append(esc(track.task())).append("</h2>\n");
            h.append("<p><img src=\"").append(slug(track)).append("-per-class.png\" alt=\"per-class scores\"></p>\n");
            h.append("<p><img src=\"").append(slug(track)).append("-curves.png\" alt=\"training curves\"></p>\n");
            List<SampleRow> rows = content.samples().getOrDefault(track.task(), List.of());
            if (!rows.isEmpty()) {
                h.append("<h3>Target samples</h3>\n<table class=\"tiles\">");
                for (SampleRow row : rows) {
                    h.append("<tr>");
                    for (Map.Entry<String, String> tile : row.tiles()) {
                        h.append("<td><img src=\"").append(esc(tile.getValue())).append("\" alt=\"\"><br>")
                                .append(esc(tile.getKey())).append("</td>");
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
        }
        h.append("<p><small>Every number is in <a href=\"").append(JSON).append("\">").append(JSON)
                .append("</a>.</small></p>\n</body></html>\n");
        return h.toString();
    }

    /** The mean gain in points, coloured, with its 95 % interval when there is more than one seed. */
    private static String gainHtml(DemoTrack.PairedGain paired) {
        double gain = 100 * paired.mean();
        String css = gainClass(gain);
        String text = css.equals("neutral") ? "0.00" : String.format(Locale.ROOT, "%+.2f", gain);
        String html = "<span class=\"" + css + "\">" + text + "</span>";
        return Double.isNaN(paired.halfWidth()) ? html : html + String.format(Locale.ROOT, " <small>[%+.2f, %+.2f]</small>",
                100 * paired.low(), 100 * paired.high());
    }

    /**
     * The colour class of a gain in points, judged as it is printed (two decimals): "gain" above 0.00, "loss"
     * below, "neutral" for what prints as 0.00, so that a red "-0.00" or "+0.00" never appears.
     */
    static String gainClass(double points) {
        if (!Double.isFinite(points)) {
            return "neutral";
        }
        int sign = new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", points)).signum();
        return sign > 0 ? "gain" : sign < 0 ? "loss" : "neutral";
    }

    static String scoreText(DemoTrack.Summary s) {
        return s.seeds() > 1 ? String.format(Locale.ROOT, "%.2f &plusmn; %.2f", 100 * s.mean(), 100 * s.std())
                : String.format(Locale.ROOT, "%.2f", 100 * s.mean());
    }

    static String slug(DemoTrack track) {
        return track.task().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
