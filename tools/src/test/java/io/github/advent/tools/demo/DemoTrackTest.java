package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.train.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrackTest {
    private static DemoTrack track() {
        List<DemoTrack.CurvePoint> curve = List.of(new DemoTrack.CurvePoint(10, 0.5, 0.2), new DemoTrack.CurvePoint(20, 0.4, 0.1));
        return new DemoTrack("Segmentation", "mIoU", List.of("road", "car"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 1, 0.30, new double[] {0.5, 0.1}, curve),
                new DemoTrack.Run(Method.SOURCE_ONLY, 2, 0.40, new double[] {0.6, 0.2}, curve),
                new DemoTrack.Run(Method.MINENT, 1, 0.36, new double[] {0.6, 0.12}, curve),
                new DemoTrack.Run(Method.MINENT, 2, 0.44, new double[] {0.7, 0.18}, curve)));
    }

    @Test
    void summariesAreMeanAndSampleStdOverSeeds() {
        DemoTrack.Summary s = track().summary(Method.SOURCE_ONLY);
        assertEquals(2, s.seeds());
        assertEquals(0.35, s.mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), s.std(), 1e-12); // (0.05² + 0.05²) / (2 - 1)
        assertArrayEquals(new double[] {0.55, 0.15}, s.perClassMean(), 1e-12);
        assertEquals(0.05, track().gain(Method.MINENT), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> track().summary(Method.ADVENT));
    }

    @Test
    void pairedGainsAreMeanAndStudentsIntervalOfPerSeedDifferences() {
        DemoTrack t = new DemoTrack("Detection (fog)", "mAP@0.5", List.of("car"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 4, 0.40, new double[] {0.40}, List.of()),
                new DemoTrack.Run(Method.SOURCE_ONLY, 5, 0.50, new double[] {0.50}, List.of()),
                new DemoTrack.Run(Method.SOURCE_ONLY, 6, 0.45, new double[] {0.45}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 4, 0.42, new double[] {0.42}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 5, 0.55, new double[] {0.55}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 6, 0.46, new double[] {0.46}, List.of())));
        DemoTrack.PairedGain gain = t.pairedGain(Method.ADVENT);
        assertArrayEquals(new double[] {0.02, 0.05, 0.01}, gain.perSeed(), 1e-12);
        assertEquals(0.08 / 3, gain.mean(), 1e-12);
        // sample std 0.0208167; t(0.975, 2 degrees of freedom) = 4.3026527; / sqrt(3)
        assertEquals(0.0517114501, gain.halfWidth(), 1e-9);
        assertEquals(0.08 / 3 - 0.0517114501, gain.low(), 1e-9);
        // two seeds (gains 0.06 and 0.04): std 0.0141421, t(0.975, 1) = 12.7062047, / sqrt(2)
        assertEquals(0.127062047, track().pairedGain(Method.MINENT).halfWidth(), 1e-8);
        DemoTrack single = new DemoTrack("x", "m", List.of("a"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 1, 0.3, new double[] {0.3}, List.of()),
                new DemoTrack.Run(Method.MINENT, 1, 0.4, new double[] {0.4}, List.of())));
        assertEquals(0.1, single.pairedGain(Method.MINENT).mean(), 1e-12);
        assertTrue(Double.isNaN(single.pairedGain(Method.MINENT).halfWidth()), "no interval from one seed");
    }

    private static DemoTrack withReferences() {
        DemoTrack t = track();
        return new DemoTrack(t.task(), t.metric(), t.classes(), t.runs(),
                List.of(new DemoTrack.Reference(1, 0.70, new double[] {0.9, 0.5}), new DemoTrack.Reference(2, 0.80, new double[] {0.9, 0.7})),
                List.of(new DemoTrack.Reference(1, 0.60, new double[] {0.8, 0.4}), new DemoTrack.Reference(2, 0.64, new double[] {0.8, 0.48})));
    }

    @Test
    void referencesAreSummarisedLikeMethods() {
        assertEquals(null, track().oracleSummary());
        assertEquals(null, track().sourceDomainSummary());
        DemoTrack.Summary oracle = withReferences().oracleSummary();
        assertEquals(2, oracle.seeds());
        assertEquals(0.75, oracle.mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), oracle.std(), 1e-12);
        assertArrayEquals(new double[] {0.9, 0.6}, oracle.perClassMean(), 1e-12);
        assertEquals(0.62, withReferences().sourceDomainSummary().mean(), 1e-12);
    }

    @Test
    void reportHasAnOracleEntryAndTheSourceDomainScore(@TempDir Path dir) throws Exception {
        DemoReport.Content content = new DemoReport.Content("advent demo --seeds 2", "0.1", "plan", List.of(withReferences()),
                Map.of(), 12.3, 0);
        DemoReport.write(dir, content);
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(DemoReport.JSON))).getAsJsonObject();
        var methods = json.getAsJsonArray("tasks").get(0).getAsJsonObject().getAsJsonArray("methods");
        assertEquals(3, methods.size(), "source-only, MinEnt, oracle");
        JsonObject sourceOnly = methods.get(0).getAsJsonObject();
        assertEquals(0.62, sourceOnly.get("source_domain").getAsDouble(), 1e-12);
        assertEquals(2, sourceOnly.getAsJsonArray("source_domain_runs").size());
        JsonObject oracle = methods.get(2).getAsJsonObject();
        assertEquals("oracle", oracle.get("method").getAsString());
        assertEquals(0.75, oracle.get("mean").getAsDouble(), 1e-12);
        assertEquals(0.40, oracle.get("gain_over_source_only").getAsDouble(), 1e-12);
        assertEquals(0.80, oracle.getAsJsonArray("runs").get(1).getAsJsonObject().get("score").getAsDouble(), 1e-12);
        assertTrue(!methods.get(1).getAsJsonObject().has("source_domain"), "only source-only is scored on the source");
        String html = Files.readString(dir.resolve(DemoReport.HTML));
        assertTrue(html.contains("<td>62.00 &plusmn; 2.83</td>"), html);
        assertTrue(html.contains("<td class=\"l\">oracle (target labels)</td><td>75.00 &plusmn; 7.07</td>"), html);
        assertTrue(html.contains("+40.00"), html);
    }

    @Test
    void reportWritesJsonHtmlAndCharts(@TempDir Path dir) throws Exception {
        DemoReport.Content content = new DemoReport.Content("advent demo --seeds 2", "0.1", "plan <x>", List.of(track()),
                Map.of("Segmentation", List.of(new DemoReport.SampleRow("a", List.of(Map.entry("target image", "samples/a.png"))))),
                12.3, 0);
        DemoReport.write(dir, content);
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(DemoReport.JSON))).getAsJsonObject();
        JsonObject minent = json.getAsJsonArray("tasks").get(0).getAsJsonObject().getAsJsonArray("methods").get(1).getAsJsonObject();
        assertEquals("minent", minent.get("method").getAsString());
        assertEquals(0.40, minent.get("mean").getAsDouble(), 1e-12);
        assertEquals(0.05, minent.get("gain_over_source_only").getAsDouble(), 1e-12);
        assertEquals(2, minent.getAsJsonArray("runs").size());
        String html = Files.readString(dir.resolve(DemoReport.HTML));
        assertTrue(html.contains("40.00 &plusmn; 5.66"), html);
        assertTrue(html.contains("+5.00"), html);
        assertTrue(html.contains("plan &lt;x&gt;"), "escaped");
        assertTrue(html.contains("samples/a.png"));
        assertTrue(Files.size(dir.resolve("segmentation-per-class.png")) > 1000);
        assertTrue(Files.size(dir.resolve("segmentation-curves.png")) > 1000);
    }
}
