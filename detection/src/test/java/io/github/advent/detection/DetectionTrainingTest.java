package io.github.advent.detection;

import io.github.advent.entropy.data.DatasetRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.IterationLosses;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.StopSignal;
import io.github.advent.entropy.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole detection training path on tiny generated Cityscapes / Foggy Cityscapes trees, SSD at width 2. */
class DetectionTrainingTest {
    private static final String[] FRAMES = {"aachen_000000_000019", "bochum_000000_000020"};

    @TempDir
    Path dir;

    @BeforeEach
    void trees() {
        GradMode.disableOnThisThread();
        TinyDetectionData.cityscapes(dir.resolve("cs"), "train", FRAMES);
        TinyDetectionData.foggy(dir.resolve("cs"), "train", "0.02", FRAMES);
    }

    private DetectionTraining.Spec spec(Method method, String run, long iterations, boolean resume, int batch) {
        return new DetectionTraining.Spec(method,
                new DatasetRef("cityscapes", dir.resolve("cs"), Map.of()),
                new DatasetRef("foggy-cityscapes", dir.resolve("cs"), Map.of("beta", "0.02")),
                dir.resolve(run), null, iterations, 2, resume, Device.cpu(), 1234, "ssd300-vgg16-w2", null, batch, true,
                DetectionTask.DEFAULT_DISCRIMINATED, 1, "test");
    }

    /** Records each iteration's losses; asks the run to stop once {@code stopAfter} iterations are done. */
    private static TrainingRun.Listener recorder(List<IterationLosses> into, StopSignal stop, long stopAfter) {
        return (losses, seconds) -> {
            into.add(losses);
            if (losses.iteration() + 1 == stopAfter) {
                stop.request();
            }
        };
    }

    @Test
    void advEntStopsLikeCtrlCResumesExactlyAndRecordsItsSettings() throws IOException {
        List<String> notes = new ArrayList<>();
        List<IterationLosses> straight = new ArrayList<>();
        TrainingRun.Result whole = DetectionTraining.run(spec(Method.ADVENT, "straight", 2, false, 1),
                recorder(straight, StopSignal.manual(), -1), notes::add, StopSignal.manual());
        assertEquals(2, whole.iterationsDone());
        assertTrue(notes.get(0).startsWith("source: cityscapes"), notes.toString());
        assertTrue(notes.get(1).startsWith("target: foggy-cityscapes") && notes.get(1).contains("unlabelled"),
                notes.toString());

        StopSignal stop = StopSignal.manual();
        List<IterationLosses> parts = new ArrayList<>();
        TrainingRun.Result first = DetectionTraining.run(spec(Method.ADVENT, "run", 2, false, 1),
                recorder(parts, stop, 1), s -> {}, stop);
        assertTrue(first.interrupted());
        assertEquals(1, first.iterationsDone());
        Path run = dir.resolve("run");
        assertTrue(Files.exists(TrainingRun.snapshotPath(run, 1)), "final snapshot on stop");
        TrainingRun.Result rest = DetectionTraining.run(spec(Method.ADVENT, "run", 2, true, 1),
                recorder(parts, StopSignal.manual(), -1), notes::add, StopSignal.manual());
        assertFalse(rest.interrupted());
        assertEquals(2, rest.iterationsDone());
        assertTrue(notes.get(notes.size() - 1).startsWith("resuming at iteration 1"), notes.toString());
        assertEquals(2, parts.size());
        for (int i = 0; i < 2; i++) {
            for (Map.Entry<String, Double> loss : straight.get(i).values().entrySet()) {
                assertEquals(loss.getValue(), parts.get(i).values().get(loss.getKey()), 1e-5 * Math.abs(loss.getValue()),
                        "iteration " + i + " " + loss.getKey());
            }
        }
        assertTrue(straight.get(0).values().keySet().containsAll(List.of("supervised", "adversarial_conv4_3",
                "adversarial_conv7", "d_conv4_3_source")), straight.get(0).values().toString());

        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, rows.size(), rows.toString());
        JsonObject runJson = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
        assertEquals("ssd300-vgg16-w2", runJson.get("architecture").getAsString());
        assertEquals(9, runJson.get("num_classes").getAsInt());
        JsonObject config = runJson.getAsJsonObject("config");
        assertEquals(1e-3, config.get("learningRate").getAsDouble());
        assertEquals(1e-4, config.get("discriminatorLearningRate").getAsDouble());
        assertEquals(5e-4, config.get("weightDecay").getAsDouble());
        assertEquals(2, config.get("scheduleIterations").getAsLong(), "poly over the run");
        assertEquals(Map.of("batch_size", "1", "augment", "true", "discriminate", "conv4_3,conv7"),
                TrainingRun.settings(run));
    }

    @Test
    void aResumeThatWouldTrainDifferentlyIsRefused() {
        DetectionTraining.run(spec(Method.MINENT, "run", 2, false, 1), (l, s) -> {}, s -> {}, StopSignal.manual());
        BadInputException batch = assertThrows(BadInputException.class, () -> DetectionTraining.run(
                spec(Method.MINENT, "run", 2, true, 2), (l, s) -> {}, s -> {}, StopSignal.manual()));
        assertTrue(batch.getMessage().contains("batch_size 1") && batch.getMessage().contains("run.json"),
                batch.getMessage());
        BadInputException longer = assertThrows(BadInputException.class, () -> DetectionTraining.run(
                spec(Method.MINENT, "run", 5, true, 1), (l, s) -> {}, s -> {}, StopSignal.manual()));
        assertTrue(longer.getMessage().contains("poly schedule ends at iteration 2"), longer.getMessage());
        BadInputException method = assertThrows(BadInputException.class, () -> DetectionTraining.run(
                spec(Method.ADVENT, "run", 2, true, 1), (l, s) -> {}, s -> {}, StopSignal.manual()));
        assertTrue(method.getMessage().contains("minent run"), method.getMessage());
    }

    @Test
    void sourceOnlyWithABatchOfTwoNeedsNoTarget() {
        List<IterationLosses> losses = new ArrayList<>();
        DetectionTraining.Spec spec = spec(Method.SOURCE_ONLY, "so", 1, false, 2);
        DetectionTraining.Spec noTarget = new DetectionTraining.Spec(spec.method(), spec.source(),
                new DatasetRef("foggy-cityscapes", dir.resolve("absent"), Map.of()),
                spec.runDirectory(), null, 1, 1, false, Device.cpu(), 1, spec.architecture(), 0.01, 2, false,
                Set.of(), 1, "test");
        TrainingRun.Result result = DetectionTraining.run(noTarget, recorder(losses, StopSignal.manual(), -1), s -> {},
                StopSignal.manual());
        assertEquals(1, result.iterationsDone());
        // the MultiBox loss is logged with its two terms, which add up to it
        Map<String, Double> first = losses.get(0).values();
        assertEquals(List.of("supervised", DetectionTask.LOCATION_COLUMN, DetectionTask.CONFIDENCE_COLUMN),
                List.copyOf(first.keySet()));
        assertEquals(first.get("supervised"), first.get(DetectionTask.LOCATION_COLUMN)
                + first.get(DetectionTask.CONFIDENCE_COLUMN), 1e-5 * first.get("supervised"));
        assertEquals(0.01, losses.get(0).learningRate(), 1e-12);
    }

    @Test
    void aMissingSourceTreeNamesTheFolder() {
        DetectionTraining.Spec good = spec(Method.ADVENT, "bad", 1, false, 1);
        DetectionTraining.Spec bad = new DetectionTraining.Spec(good.method(),
                new DatasetRef("cityscapes", dir.resolve("nowhere"), Map.of()), good.target(),
                good.runDirectory(), null, 1, 1, false, Device.cpu(), 1, good.architecture(), null, 1, true,
                good.discriminated(), 1, "test");
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionTraining.run(bad, (l, s) -> {}, s -> {}, StopSignal.manual()));
        assertTrue(e.getMessage().contains(dir.resolve("nowhere").toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written for a run that cannot start");
    }
}
