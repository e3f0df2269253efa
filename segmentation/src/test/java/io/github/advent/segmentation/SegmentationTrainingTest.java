package io.github.advent.segmentation;

import io.github.advent.entropy.data.DatasetRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.segmentation.data.TinyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole segmentation training path on tiny generated GTA5 and Cityscapes folders. */
class SegmentationTrainingTest {
    @TempDir
    Path dir;

    private SegmentationTraining.Spec spec(Method method, long iterations, boolean resume) {
        return spec(method, iterations, resume, "run-" + method.cliName());
    }

    private SegmentationTraining.Spec spec(Method method, long iterations, boolean resume, String run) {
        Path gta = TinyData.gta5(dir.resolve("gta5"), "00001", "00002", "00003");
        Path cityscapes = TinyData.cityscapes(dir.resolve("cityscapes"), "train", "aachen_000000_000019", "bochum_000000_000020");
        Map<String, String> size = Map.of("size", "48x32");
        return new SegmentationTraining.Spec(method, 0, 0,
                new DatasetRef("gta5", gta, size),
                new DatasetRef("cityscapes", cityscapes, size),
                dir.resolve(run), null, iterations, 2, resume, Device.cpu(), 1234,
                "deeplabv2-resnet14-w4", 1e-3, 1e-3, 1, "test");
    }

    @Test
    void advEntTrainsSnapshotsAndResumesOnGeneratedFolders() throws IOException {
        GradMode.disableOnThisThread();
        List<String> notes = new ArrayList<>();
        List<Long> iterations = new ArrayList<>();
        TrainingRun.Listener listener = (losses, seconds) -> iterations.add(losses.iteration());
        TrainingRun.Result first = SegmentationTraining.run(spec(Method.ADVENT, 3, false), listener, notes::add);
        assertEquals(3, first.iterationsDone());
        assertFalse(first.interrupted());
        assertTrue(notes.get(0).startsWith("source: "), notes.toString());
        Path run = dir.resolve("run-advent");
        assertTrue(Files.exists(TrainingRun.snapshotPath(run, 2)));
        assertTrue(Files.exists(TrainingRun.snapshotPath(run, 3)));

        TrainingRun.Result resumed = SegmentationTraining.run(spec(Method.ADVENT, 5, true), listener, notes::add);
        assertEquals(5, resumed.iterationsDone());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), iterations);
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(6, rows.size(), rows.toString());
        assertTrue(rows.get(0).contains("adversarial_main") && rows.get(0).contains("d_aux_target"), rows.get(0));

        BadInputException wrongMethod = assertThrows(BadInputException.class,
                () -> SegmentationTraining.run(spec(Method.MINENT, 6, true, "run-advent"), listener, notes::add));
        assertTrue(wrongMethod.getMessage().contains("advent run"), wrongMethod.getMessage());
    }

    @Test
    void sourceOnlyNeedsNoTarget() {
        GradMode.disableOnThisThread();
        TrainingRun.Result result = SegmentationTraining.run(spec(Method.SOURCE_ONLY, 2, false),
                (losses, seconds) -> assertEquals(List.of("supervised"), List.copyOf(losses.values().keySet())), s -> {});
        assertEquals(2, result.iterationsDone());
    }
}
