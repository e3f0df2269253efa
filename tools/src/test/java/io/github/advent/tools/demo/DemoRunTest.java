package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.detection.DetectionTask;
import io.github.advent.segmentation.SegmentationTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole demo pipeline on a micro plan: data, every method, scores, samples, report. */
class DemoRunTest {
    private static final DemoPlan MICRO = new DemoPlan("micro", 64, 32, 3, 3, 2, 1,
            new DemoPlan.Segmentation("deeplabv2-resnet14-w16", 2, 2, 0.01, 1e-4, new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002)),
            new DemoPlan.Detection("ssd300-vgg16-w2", 2, 2, 0.001, 1e-4, 1e-4, 1, new DetectionTask.Lambdas(0.3, 0.01),
                    DetectionTask.DEFAULT_DISCRIMINATED, DetectionTask.EntropyWeighting.UNIFORM));

    @Test
    void runsEveryMethodAndWritesTheReport(@TempDir Path out) throws Exception {
        List<String> log = new ArrayList<>();
        DemoRun.Progress progress = logging(log);
        Files.createDirectories(out.resolve("runs/stale/snapshots"));
        DemoReport.Content content = new DemoRun(out, MICRO, progress).run(List.of(1L), "advent demo", "test");
        assertEquals(List.of("Segmentation", "Detection (fog)", "Detection (realistic)"),
                content.tracks().stream().map(DemoTrack::task).toList());
        DemoTrack segmentation = content.tracks().get(0);
        DemoTrack detection = content.tracks().get(1);
        assertEquals(0, content.recomputed());
        for (DemoTrack track : content.tracks()) {
            assertEquals(DemoRun.METHODS, track.methods());
            for (DemoTrack.Run run : track.runs()) {
                assertTrue(run.score() >= 0 && run.score() <= 1, run::toString);
                assertEquals(track.classes().size(), run.perClass().length);
                assertEquals(4, run.curve().size(), "the shared start's 2 points, then the method's own 2");
                assertEquals(List.of(1L, 2L, 3L, 4L), run.curve().stream().map(DemoTrack.CurvePoint::iteration).toList());
            }
            assertTrue(Double.isNaN(track.runs().get(0).curve().get(3).adaptation()), "source-only sees no target");
            assertTrue(track.runs().get(1).curve().get(3).adaptation() > 0, "MinEnt's target entropy");
        }
        assertEquals(DemoClass.values().length, segmentation.classes().size());
        assertEquals(List.of("person", "car"), detection.classes());
        assertTrue(Files.isDirectory(out.resolve("runs/segmentation/seed-1/advent/snapshots")));
        assertTrue(Files.isDirectory(out.resolve("runs/detection/seed-1/fog/minent/snapshots")));
        assertTrue(Files.isDirectory(out.resolve("runs/detection/seed-1/realistic/advent/snapshots")));
        assertTrue(Files.isDirectory(out.resolve("runs/detection/seed-1/source-only/snapshots")), "one source-only run for both targets");
        assertTrue(Files.exists(out.resolve("data/target-val/boxes.json")));
        assertTrue(Files.exists(out.resolve("data/fog-val/views.json")));
        assertTrue(Files.notExists(out.resolve("runs/stale")), "runs of an earlier demo are replaced");
        long images = 0;
        for (String split : List.of("source", "target", "target-val", "source-val", "fog", "fog-val")) {
            images += Files.list(out.resolve("data/" + split + "/images")).count();
        }
        assertEquals(3 + 3 + 2 + 2 + 3 + 2, images);
        assertEquals(2 * 3, Files.list(out.resolve("data/source/views")).count(), "two square views per 64x32 scene");
        assertTrue(Files.exists(out.resolve("data/target/" + DemoData.ORACLE_VIEWS)), "the oracle's target boxes");
        assertTrue(Files.readString(out.resolve("data/target/" + DemoData.VIEWS)).contains("\"annotations\":[]"),
                "adaptation's target file lists images only");
        for (DemoTrack track : content.tracks()) {
            for (DemoTrack.ReferenceRow row : DemoTrack.ReferenceRow.values()) {
                if (track != segmentation && row == DemoTrack.ReferenceRow.TARGET_STATISTICS) {
                    assertEquals(0, track.references(row).size(), "SSD has no batch norm: " + track);
                    continue;
                }
                assertEquals(1, track.references(row).size(), row + " " + track);
                assertTrue(track.references(row).get(0).score() >= 0 && track.references(row).get(0).score() <= 1);
            }
            assertEquals(1, track.sourceDomain().size(), track::toString);
            assertTrue(track.sourceDomain().get(0).score() >= 0);
        }
        assertTrue(Files.isDirectory(out.resolve("runs/detection/seed-1/fog/oracle/snapshots")));
        List<DemoReport.SampleRow> rows = content.samples().get("Segmentation");
        assertEquals(1, rows.size());
        assertEquals(2 + 2 * DemoRun.METHODS.size(), rows.get(0).tiles().size(), "image, truth, prediction + entropy per method");
        List<DemoReport.SampleRow> boxes = content.samples().get("Detection (fog)");
        assertEquals(1, content.samples().get("Detection (realistic)").size());
        assertEquals(1 + DemoRun.METHODS.size(), boxes.get(0).tiles().size(), "true boxes, then each method's");
        for (DemoReport.SampleRow row : List.of(rows.get(0), boxes.get(0))) {
            for (var tile : row.tiles()) {
                assertTrue(Files.exists(out.resolve(tile.getValue())), tile::toString);
            }
        }
        assertEquals(3 + 3, log.stream().filter(l -> l.contains("target mIoU")).count(),
                "3 methods, Tent, batch statistics and the oracle: " + log);
        assertEquals(2 * (3 + 2), log.stream().filter(l -> l.contains("target mAP@0.5")).count(),
                "per target: 3 methods, Tent and the oracle: " + log);
        assertEquals(1, log.stream().filter(l -> l.contains("source mAP@0.5")).count(), log::toString);
        DemoReport.write(out, content);
        assertTrue(Files.readString(out.resolve(DemoReport.HTML)).contains(DemoCharts.label(Method.ADVENT)));
        assertTrue(Files.readString(out.resolve(DemoReport.HTML)).contains("Tent (test-time)"));
        assertTrue(Files.readString(out.resolve(DemoReport.JSON)).contains("\"method\": \"tent\""));

        // SSD has no batch norm: Tent without steps is the source-only detector itself, to the last digit
        DemoData.Domains data = new DemoData.Domains(out.resolve("data"), new DemoData.Split(out.resolve("data/source")),
                new DemoData.Split(out.resolve("data/target")), new DemoData.Split(out.resolve("data/target-val")),
                new DemoData.Split(out.resolve("data/source-val")), new DemoData.Split(out.resolve("data/fog")),
                new DemoData.Split(out.resolve("data/fog-val")));
        Path sourceOnly;
        try (var files = Files.walk(out.resolve("runs/detection/seed-1/source-only"))) { 
            sourceOnly = files.filter(f -> f.toString().endsWith(".safetensors")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        DemoDetection task = new DemoDetection(data, MICRO);
        // (which is why the demo does not score that row for detection)
        assertEquals(task.evaluate(sourceOnly, data.fogValidation()).mean(), task.evaluateTestTime(sourceOnly,
                data.fogValidation(), new io.github.advent.entropy.train.TestTimeAdapter.Config(0, 1e-3, false)).mean());
        assertEquals(detection.summary(Method.SOURCE_ONLY).mean(), task.evaluate(sourceOnly, data.fogValidation()).mean());
        assertEquals(content.tracks().get(2).summary(Method.SOURCE_ONLY).mean(),
                task.evaluate(sourceOnly, data.validation()).mean());
    }

    @Test
    void runsTheNamedTargetsOnly(@TempDir Path out) {
        List<String> log = new ArrayList<>();
        DemoReport.Content content = new DemoRun(out, MICRO, logging(log), List.of("detection"), false,
                DomainStyle.realistic(), Set.of("fog")).run(List.of(1L), "advent demo", "test");
        assertEquals(List.of("Detection (fog)"), content.tracks().stream().map(DemoTrack::task).toList());
        assertTrue(Files.notExists(out.resolve("runs/detection/seed-1/realistic")), log::toString);
        assertTrue(Files.notExists(out.resolve("runs/detection/seed-1/fog/oracle")), "no oracle asked for");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new DemoRun(out, MICRO,
                logging(log), List.of("segmentation"), false, DomainStyle.realistic(), Set.of("fog"))
                .run(List.of(1L), "advent demo", "test"));
        assertEquals("the segmentation task has no target among [fog]", none.getMessage());
    }

    /** A progress that draws nothing and collects the log lines in {@code log}. */
    static DemoRun.Progress logging(List<String> log) {
        return new DemoRun.Progress() {
            @Override
            public IntConsumer dataBar(String label, int total) {
                return done -> { };
            }

            @Override
            public TrainingRun.Listener trainingBar(String label, long iterations) {
                return (losses, seconds) -> { };
            }

            @Override
            public void closeBar() {}

            @Override
            public void log(String line) {
                log.add(line);
            }
        };
    }
}
