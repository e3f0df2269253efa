package io.github.advent.eval.report;

import io.github.advent.entropy.io.Json;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.advent.eval.report.EvalReport.ClassRow;
import io.github.advent.eval.report.EvalReport.MeanRow;
import io.github.advent.eval.report.EvalReport.SweepRow;
import java.util.Map;

/**
 * The JSON document of a report: every number at full double precision (the shortest decimal
 * that reads back to the same double), fractions in [0, 1], NaN as {@code null}.
 */
public final class ReportJson {
    /** Bumped when the document's shape changes incompatibly. */
    public static final int FORMAT = 1;

    private static final Gson GSON = Json.builder().serializeNulls().setPrettyPrinting().create();

    private ReportJson() {}

    public static String toJsonString(EvalReport report) {
        return GSON.toJson(toJson(report));
    }

    public static String toJsonString(JsonElement element) {
        return GSON.toJson(element);
    }

    /** A double as JSON: null for NaN (and the infinities, which no metric produces). */
    public static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    static JsonElement number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return number(n.doubleValue());
        }
        return new JsonPrimitive(n);
    }

    public static JsonObject toJson(EvalReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "advent-eval/" + FORMAT);
        o.addProperty("title", r.title());
        o.addProperty("task", r.task());
        o.addProperty("metric", r.metric());
        o.addProperty("metric_description", r.metricDescription());
        o.addProperty("class_set", r.classSet());
        o.addProperty("value", r.valueName());
        o.addProperty("values_are", "fractions in [0, 1]; null where not defined");
        JsonArray means = new JsonArray();
        for (MeanRow m : r.means()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", m.name());
            j.add("value", number(m.value()));
            j.addProperty("classes", m.classes());
            j.addProperty("classes_with_value", m.defined());
            j.addProperty("description", m.description());
            means.add(j);
        }
        o.add("means", means);
        JsonArray classes = new JsonArray();
        for (ClassRow c : r.classes()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", c.id());
            j.addProperty("name", c.name());
            j.add(r.valueName().toLowerCase(java.util.Locale.ROOT), number(c.value()));
            for (Map.Entry<String, Number> e : c.counts().entrySet()) {
                j.add(e.getKey(), number(e.getValue()));
            }
            if (!c.note().isEmpty()) {
                j.addProperty("note", c.note());
            }
            classes.add(j);
        }
        o.add("classes", classes);
        JsonObject facts = new JsonObject();
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            Object v = e.getValue();
            facts.add(e.getKey(), v instanceof Number n ? number(n) : v == null ? JsonNull.INSTANCE
                    : v instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive(v.toString()));
        }
        o.add("facts", facts);
        if (r.sweep() != null) {
            o.add("sweep", sweep(r.sweep()));
        }
        if (r.details() != null) {
            for (Map.Entry<String, JsonElement> e : r.details().entrySet()) {
                o.add(e.getKey(), e.getValue());
            }
        }
        o.add("provenance", provenance(r.provenance()));
        return o;
    }

    static JsonObject sweep(EvalReport.Sweep s) {
        JsonObject o = new JsonObject();
        o.addProperty("rule", s.rule());
        if (s.bestIndex() >= 0) {
            SweepRow best = s.points().get(s.bestIndex());
            o.addProperty("best_iteration", best.iteration());
            o.addProperty("best_file", best.file());
        } else {
            o.add("best_iteration", JsonNull.INSTANCE);
        }
        JsonArray points = new JsonArray();
        for (SweepRow p : s.points()) {
            JsonObject j = new JsonObject();
            j.addProperty("iteration", p.iteration());
            j.addProperty("file", p.file());
            j.addProperty("sha256", p.sha256());
            double[] values = p.means();
            for (int k = 0; k < s.meanNames().size(); k++) {
                j.add(s.meanNames().get(k), number(values[k]));
            }
            j.addProperty("cached", p.cached());
            points.add(j);
        }
        o.add("points", points);
        return o;
    }

    static JsonObject provenance(ResultProvenance p) {
        JsonObject o = new JsonObject();
        if (p == null) {
            return o;
        }
        o.addProperty("command", p.command());
        o.addProperty("created", p.created());
        JsonObject versions = new JsonObject();
        versions.addProperty("advent", p.advent());
        versions.addProperty("djl", p.djl());
        versions.addProperty("java", p.java());
        versions.addProperty("os", p.os());
        o.add("versions", versions);
        if (p.machine() != null) {
            o.add("machine", new com.google.gson.Gson().toJsonTree(p.machine().toMap()));
        }
        JsonArray inputs = new JsonArray();
        for (ResultProvenance.Input in : p.inputs()) {
            JsonObject j = new JsonObject();
            j.addProperty("role", in.role());
            j.addProperty("path", in.path());
            if (in.files() != null) {
                j.addProperty("files", in.files());
            }
            if (in.sha256() != null) {
                j.addProperty("sha256", in.sha256());
            }
            if (in.detail() != null) {
                j.addProperty("detail", in.detail());
            }
            inputs.add(j);
        }
        o.add("inputs", inputs);
        return o;
    }
}
