package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.segmentation.SegmentationTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole demo pipeline on a micro plan: data, every method, scores, samples, report. */
class DemoRunTest {
    private static final DemoPlan MICRO = new DemoPlan("micro", 64, 32, 3, 3, 2, "deeplabv2-resnet14-w16", 2, 2, 0.01, 1e-4,
            new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002), 1);

    @Test
    void runsEveryMethodAndWritesTheReport(@TempDir Path out) throws Exception {
        List<String> log = new ArrayList<>();
        DemoRun.Progress progress = new DemoRun.Progress() {
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
        Files.createDirectories(out.resolve("runs/stale/snapshots"));
        DemoReport.Content content = new DemoRun(out, MICRO, progress).run(List.of(1L), "advent demo", "test");
        DemoTrack segmentation = content.tracks().get(0);
        assertEquals(DemoRun.METHODS, segmentation.methods());
        for (DemoTrack.Run run : segmentation.runs()) {
            assertTrue(run.score() >= 0 && run.score() <= 1, run::toString);
            assertEquals(DemoClass.values().length, run.perClass().length);
            assertEquals(2, run.curve().size(), "a point per iteration for 2 iterations");
            assertEquals(3, run.curve().get(0).iteration(), "iterations count on from the shared source-only start");
        }
        assertTrue(Double.isNaN(segmentation.runs().get(0).curve().get(0).adaptation()), "source-only sees no target");
        assertTrue(segmentation.runs().get(1).curve().get(0).adaptation() > 0, "MinEnt's target entropy");
        assertTrue(Files.isDirectory(out.resolve("runs/segmentation/seed-1/advent/snapshots")));
        assertTrue(Files.notExists(out.resolve("runs/stale")), "runs of an earlier demo are replaced");
        assertEquals(3 + 3 + 2, Files.list(out.resolve("data/source/images")).count() + Files.list(out.resolve("data/target/images")).count()
                + Files.list(out.resolve("data/target-val/images")).count());
        List<DemoReport.SampleRow> rows = content.samples().get(DemoRun.SEGMENTATION);
        assertEquals(1, rows.size());
        assertEquals(2 + 2 * DemoRun.METHODS.size(), rows.get(0).tiles().size(), "image, truth, prediction + entropy per method");
        for (var tile : rows.get(0).tiles()) {
            assertTrue(Files.exists(out.resolve(tile.getValue())), tile::toString);
        }
        assertEquals(3, log.stream().filter(l -> l.contains("target mIoU")).count(), log::toString);
        DemoReport.write(out, content);
        assertTrue(Files.readString(out.resolve(DemoReport.HTML)).contains(DemoCharts.label(Method.ADVENT)));
    }
}
