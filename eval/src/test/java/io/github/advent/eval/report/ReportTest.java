package io.github.advent.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.eval.report.EvalReport.Sweep;
import io.github.advent.eval.report.EvalReport.SweepRow;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.eval.segmentation.SegmentationScores;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path tmp;

    static SegmentationScores scores() {
        long[][] m = new long[16][16];
        for (int c = 0; c < 16; c++) {
            if (c != 11) { // rider: absent
                m[c][c] = 1000 + 7L * c;
                m[c][(c + 3) % 16 == 11 ? 0 : (c + 3) % 16] = 13L * c + 1;
            }
        }
        m[0][11] = 0;
        return SegmentationScores.of(ClassSet.SYNTHIA_16, ConfusionMatrix.of(m), 3);
    }

    static EvalReport report() {
        return EvalReports.segmentation(scores(), "Cityscapes val", Map.of("predictions", 3),
                ResultProvenance.now("advent evaluate segmentation --dataset cityscapes=/d --predictions /p",
                        List.of(ResultProvenance.Input.folder("dataset", Path.of("/d"), 3, "cityscapes, split val"))));
    }

    @Test
    void jsonHasFullPrecisionFractionsNullForNanAndProvenance() {
        SegmentationScores s = scores();
        JsonObject o = JsonParser.parseString(ReportJson.toJsonString(report())).getAsJsonObject();
        assertEquals("segmentation", o.get("task").getAsString());
        var classes = o.getAsJsonArray("classes");
        assertEquals(16, classes.size());
        for (int c = 0; c < 16; c++) {
            JsonObject row = classes.get(c).getAsJsonObject();
            if (Double.isNaN(s.iou()[c])) {
                assertTrue(row.get("iou").isJsonNull());
                assertTrue(row.get("note").getAsString().contains("absent"));
            } else {
                assertEquals(s.iou()[c], row.get("iou").getAsDouble(), 0.0); // bit for bit
                assertTrue(row.get("iou").getAsDouble() >= 0 && row.get("iou").getAsDouble() <= 1);
            }
        }
        var means = o.getAsJsonArray("means");
        assertEquals("mIoU-16", means.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(s.means().get(1).value(), means.get(1).getAsJsonObject().get("value").getAsDouble(), 0.0);
        assertEquals(15, means.get(0).getAsJsonObject().get("classes_with_value").getAsInt());
        assertEquals(16, o.getAsJsonArray("confusion_matrix").size());
        JsonObject p = o.getAsJsonObject("provenance");
        assertTrue(p.get("command").getAsString().startsWith("advent evaluate segmentation"));
        assertNotNull(p.getAsJsonObject("versions").get("java"));
        assertEquals(3, p.getAsJsonArray("inputs").get(0).getAsJsonObject().get("files").getAsInt());
        assertTrue(o.get("class_set").getAsString().contains("SYNTHIA"));
    }

    @Test
    void terminalTableShowsPercentTheMeansAndTheSet() {
        String t = TerminalTable.render(report());
        assertTrue(t.contains("class set: 16 classes (SYNTHIA -> Cityscapes), reporting mIoU-16 and mIoU-13"), t);
        assertTrue(t.contains("mIoU-13"), t);
        assertTrue(t.lines().anyMatch(l -> l.startsWith("rider") && l.contains(" - ")), t);
        assertTrue(t.contains(TerminalTable.percent(scores().means().get(0).value())), t);
    }

    @Test
    void reportFolderHoldsJsonCsvMarkdownHtmlAndCharts() throws Exception {
        EvalReport r = report().withSweep(new Sweep(List.of("mIoU-16", "mIoU-13"), List.of(
                new SweepRow(2000, "iter_002000.safetensors", "ab", new double[] {0.3, 0.35}, false),
                new SweepRow(4000, "iter_004000.safetensors", "cd", new double[] {0.4, Double.NaN}, true)), 1, "rule"));
        List<Path> files = ReportFiles.write(r, tmp.resolve("rep"));
        for (String name : List.of("result.json", "result.csv", "report.md", "index.html", "per-class.png",
                "sweep.png", "sweep.csv")) {
            assertTrue(files.contains(tmp.resolve("rep").resolve(name)), name);
            assertTrue(Files.size(tmp.resolve("rep").resolve(name)) > 0, name);
        }
        BufferedImage png = ImageIO.read(tmp.resolve("rep/per-class.png").toFile());
        assertTrue(png.getWidth() >= 700);
        assertNotNull(ImageIO.read(tmp.resolve("rep/sweep.png").toFile()));
        String csv = Files.readString(tmp.resolve("rep/result.csv"));
        assertTrue(csv.startsWith("# Cityscapes val"), csv);
        assertTrue(csv.contains("# provenance: {\"command\":\"advent evaluate segmentation"), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("class,11,rider,,")), csv); // NaN: empty
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("mean,,mIoU-13," + scores().means().get(1).value())), csv);
        String html = Files.readString(tmp.resolve("rep/index.html"));
        assertTrue(html.contains("<img src=\"per-class.png\"") && html.contains("<img src=\"sweep.png\""), html);
        assertTrue(html.contains("Provenance") && html.contains("4000 (best)"), html);
        String md = Files.readString(tmp.resolve("rep/report.md"));
        assertTrue(md.contains("| rider | - |") && md.contains("## Provenance"), md);
        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("rep/result.json"))).getAsJsonObject();
        assertEquals(4000, json.getAsJsonObject("sweep").get("best_iteration").getAsLong());
        assertTrue(json.getAsJsonObject("sweep").getAsJsonArray("points").get(1).getAsJsonObject().get("mIoU-13")
                .isJsonNull());
        String sweepCsv = Files.readString(tmp.resolve("rep/sweep.csv"));
        assertTrue(sweepCsv.contains("4000,iter_004000.safetensors,cd,0.4,,true,true"), sweepCsv);
    }
}
