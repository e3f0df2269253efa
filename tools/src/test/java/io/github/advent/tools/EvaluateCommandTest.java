package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.io.LabelPng;
import io.github.advent.eval.segmentation.CityscapesGroundTruth;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.LabelledImage;
import io.github.advent.eval.segmentation.PredictionFolder;
import io.github.advent.eval.segmentation.SegmentationEvaluator;
import io.github.advent.eval.segmentation.SegmentationScores;
import io.github.advent.eval.segmentation.SyntheticCityscapes;
import io.github.advent.tools.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code advent evaluate segmentation --predictions} and {@code evaluate detection --ground-truth}, in-process. */
class EvaluateCommandTest {
    @TempDir
    Path tmp;
    Path root;
    Path predictions;
    List<LabelledImage> images;

    @BeforeEach
    void data() {
        root = tmp.resolve("cityscapes");
        predictions = tmp.resolve("pred");
        images = SyntheticCityscapes.write(root, "val", predictions, 6, 64, 32, 3, 2, n -> { });
    }

    Result seg(String... extra) {
        String[] base = {"evaluate", "segmentation", "--dataset", "cityscapes=" + root, "--predictions",
            predictions.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRunner.run(all);
    }

    static void assertBadInput(Result r, Path file, String problem) {
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("advent: " + file + ": "), r::toString);
        assertTrue(line.contains(problem), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void jsonIsOneDocumentWithFullPrecisionAndProvenance() {
        Result r = seg("--json", "--threads", "2");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString); // no progress bar when stderr is not a terminal
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        SegmentationScores direct = SegmentationEvaluator.evaluate(CityscapesGroundTruth.find(root, "val"),
                PredictionFolder.index(predictions), ClassSet.CITYSCAPES_19, SegmentationEvaluator.Options.withThreads(1),
                SegmentationEvaluator.Progress.NONE);
        JsonObject mean = o.getAsJsonArray("means").get(0).getAsJsonObject();
        assertEquals("mIoU-19", mean.get("name").getAsString());
        assertEquals(direct.mainMean(), mean.get("value").getAsDouble(), 0.0);
        JsonArray classes = o.getAsJsonArray("classes");
        for (int c = 0; c < 19; c++) {
            JsonObject row = classes.get(c).getAsJsonObject();
            if (Double.isNaN(direct.iou()[c])) {
                assertTrue(row.get("iou").isJsonNull(), row::toString);
            } else {
                assertEquals(direct.iou()[c], row.get("iou").getAsDouble(), 0.0);
            }
        }
        JsonObject p = o.getAsJsonObject("provenance");
        assertTrue(p.get("command").getAsString().startsWith("advent evaluate segmentation --dataset cityscapes="),
                p::toString);
        JsonObject dataset = p.getAsJsonArray("inputs").get(0).getAsJsonObject();
        assertEquals(6, dataset.get("files").getAsInt());
        assertEquals(root.toAbsolutePath().normalize().toString(), dataset.get("path").getAsString());
        assertTrue(p.getAsJsonObject("versions").has("advent") && p.has("created"));
        assertEquals(6, o.getAsJsonObject("facts").get("images").getAsInt());
    }

    @Test
    void tableNamesTheMetricAndTheClassSetAndTheReportIsWritten() throws Exception {
        Result r = seg("--report", tmp.resolve("rep").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("class set: 19 classes (GTA5 -> Cityscapes), reporting mIoU-19"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("mIoU-19")), r::toString);
        assertTrue(r.out().contains("report: " + tmp.resolve("rep/index.html")), r::toString);
        for (String f : List.of("result.json", "result.csv", "report.md", "index.html", "per-class.png")) {
            assertTrue(Files.size(tmp.resolve("rep").resolve(f)) > 0, f);
        }
    }

    @Test
    void synthiaReportsSixteenAndThirteenTogether() throws Exception {
        Path p16 = tmp.resolve("p16");
        for (LabelledImage i : images) {
            LabelImage l = LabelPng.read(i.labelFile(), null);
            int[] lut = ClassSet.SYNTHIA_16.labelIdToTrainId();
            byte[] b = new byte[l.pixels()];
            for (int k = 0; k < b.length; k++) {
                int t = lut[l.get(k)];
                b[k] = (byte) (t == ClassSet.IGNORE ? 0 : (k % 5 == 0 ? (t + 1) % 16 : t));
            }
            LabelPng.write(p16.resolve(i.id() + "_leftImg8bit.png"), LabelImage.ofBytes(l.width(), l.height(), b));
        }
        Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + root, "--predictions",
                p16.toString(), "--classes", "13", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(16, o.getAsJsonArray("classes").size());
        assertEquals("mIoU-16", o.getAsJsonArray("means").get(0).getAsJsonObject().get("name").getAsString());
        assertEquals("mIoU-13", o.getAsJsonArray("means").get(1).getAsJsonObject().get("name").getAsString());
        assertTrue(o.get("class_set").getAsString().startsWith("16 classes (SYNTHIA -> Cityscapes)"));
        // the 19-class predictions hold ids 16-18, which the 16-class set does not have
        Result wrong = seg("--classes", "16");
        assertEquals(1, wrong.code(), wrong::toString);
        assertTrue(wrong.errLines().get(0).contains("the 16-class set has train ids 0-15"), wrong::toString);
    }

    @Test
    void aLabelWithoutPredictionIsBadInputNamingTheLabel() throws Exception {
        Path missing = predictions.resolve(images.get(2).city()).resolve(images.get(2).id() + "_leftImg8bit.png");
        Files.delete(missing);
        assertBadInput(seg(), images.get(2).labelFile(), "no prediction for this label");
    }

    @Test
    void aPredictionWithoutLabelIsBadInputNamingThePrediction() throws Exception {
        Path extra = predictions.resolve("aachen_000000_000001_leftImg8bit.png");
        Files.copy(predictions.resolve(images.get(0).city()).resolve(images.get(0).id() + "_leftImg8bit.png"), extra);
        assertBadInput(seg(), extra, "prediction without a label");
    }

    @Test
    void aSizeMismatchOrAnIdOutOfRangeIsBadInputNamingThePrediction() {
        Path p = predictions.resolve(images.get(4).city()).resolve(images.get(4).id() + "_leftImg8bit.png");
        LabelPng.write(p, LabelImage.ofBytes(32, 16, new byte[32 * 16]));
        assertBadInput(seg(), p, "is 32x16 but its label");
        byte[] b = new byte[64 * 32];
        b[70] = 19;
        LabelPng.write(p, LabelImage.ofBytes(64, 32, b));
        assertBadInput(seg(), p, "holds class id 19 at pixel (x 6, y 1)");
    }

    @Test
    void missingFoldersAreBadInputAndOtherDatasetsAreUsageErrors() {
        Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + tmp.resolve("nope"),
                "--predictions", predictions.toString());
        assertBadInput(r, tmp.resolve("nope"), "no such folder");
        r = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + root, "--predictions",
                tmp.resolve("none").toString());
        assertBadInput(r, tmp.resolve("none"), "no such folder");
        r = CliRunner.run("evaluate", "segmentation", "--dataset", "coco=" + root, "--predictions",
                predictions.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("'coco' cannot be scored for segmentation (it provides no segmentation labels there);"
                + " kinds that can: acdc, cityscapes, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city"), r::toString);
        r = seg("--classes", "18");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("unknown class set '18'"), r::toString);
    }

    @Test
    void aMissingCheckpointIsBadInputNamingIt() {
        Result r = CliRunner.run("evaluate", "segmentation", "--dataset", "cityscapes=" + root, "--checkpoint", "c");
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("advent: c: no such file"), r.errLines());
    }

    static final String GT = "{\"images\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}],"
            + " \"categories\": [{\"id\": 1, \"name\": \"car\"}, {\"id\": 2, \"name\": \"person\"}],"
            + " \"annotations\": ["
            + "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 50, 40], \"area\": 2000, \"iscrowd\": 0},"
            + "{\"id\": 2, \"image_id\": 1, \"category_id\": 2, \"bbox\": [100, 10, 20, 60], \"area\": 1200, \"iscrowd\": 0},"
            + "{\"id\": 3, \"image_id\": 2, \"category_id\": 1, \"bbox\": [0, 0, 30, 30], \"area\": 900, \"iscrowd\": 0}]}";
    static final String RESULTS = "["
            + "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [11, 10, 50, 40], \"score\": 0.9},"
            + "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [12, 11, 50, 40], \"score\": 0.8},"
            + "{\"image_id\": 3, \"category_id\": 1, \"bbox\": [0, 0, 30, 30], \"score\": 0.7},"
            + "{\"image_id\": 2, \"category_id\": 1, \"bbox\": [1, 1, 30, 30], \"score\": 0.6},"
            + "{\"image_id\": 1, \"category_id\": 2, \"bbox\": [300, 10, 20, 60], \"score\": 0.5}]";

    @Test
    void detectionFromCocoFilesWithEachMetric() throws Exception {
        Path gt = Files.writeString(tmp.resolve("gt.json"), GT);
        Path res = Files.writeString(tmp.resolve("results.json"), RESULTS);
        for (String metric : List.of("voc07", "voc", "coco50")) {
            Result r = CliRunner.run("evaluate", "detection", "--ground-truth", gt.toString(), "--detections",
                    res.toString(), "--metric", metric, "--json");
            assertEquals(0, r.code(), r::toString);
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            assertEquals(metric, o.get("metric").getAsString());
            JsonObject car = o.getAsJsonArray("classes").get(0).getAsJsonObject();
            assertEquals(2, car.get("boxes").getAsInt());
            assertEquals(2, car.get("true_positives").getAsInt());
            assertEquals(2, car.get("false_positives").getAsInt()); // a duplicate and a box on an image without any
            JsonObject person = o.getAsJsonArray("classes").get(1).getAsJsonObject();
            assertEquals(0.0, person.get("ap").getAsDouble());
            assertTrue(o.getAsJsonObject("provenance").getAsJsonArray("inputs").get(0).getAsJsonObject()
                    .get("sha256").getAsString().matches("[0-9a-f]{64}"));
        }
        Result table = CliRunner.run("evaluate", "detection", "--ground-truth", gt.toString(), "--detections",
                res.toString());
        assertEquals(0, table.code(), table::toString);
        assertTrue(table.out().contains("voc07 - PASCAL VOC07 11-point AP"), table::toString);
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("mAP")), table::toString);
    }

    @Test
    void inconsistentDetectionFilesAreBadInputNamingTheFile() throws Exception {
        Path gt = Files.writeString(tmp.resolve("gt.json"), GT);
        Path res = Files.writeString(tmp.resolve("results.json"),
                "[{\"image_id\": 9, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}]");
        Result r = CliRunner.run("evaluate", "detection", "--ground-truth", gt.toString(), "--detections", res.toString());
        assertBadInput(r, res, "[0].image_id 9 is not an image of gt.json");
        Files.writeString(res, "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}");
        r = CliRunner.run("evaluate", "detection", "--ground-truth", gt.toString(), "--detections", res.toString());
        assertBadInput(r, res, "not valid JSON");
        Files.writeString(gt, "{\"images\": []}");
        r = CliRunner.run("evaluate", "detection", "--ground-truth", gt.toString(), "--detections", res.toString());
        assertBadInput(r, gt, "no \"annotations\" list");
    }
}
