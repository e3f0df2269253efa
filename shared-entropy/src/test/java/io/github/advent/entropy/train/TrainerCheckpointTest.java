package io.github.advent.entropy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.checkpoint.CheckpointMismatchException;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.checkpoint.Provenance;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.testing.ToyDomains;
import io.github.advent.entropy.testing.ToyDomains.Domain;
import io.github.advent.entropy.testing.ToySegmentationTask;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCheckpointTest extends ManagedTest {
    static final int SIZE = 16;

    @TempDir
    Path dir;

    private IterationLosses step(AdaptationTrainer trainer, long i) {
        return trainer.step(ToyDomains.batch(manager, Domain.SOURCE, i, 2, SIZE),
                ToyDomains.unlabelled(manager, Domain.TARGET, i, 2, SIZE));
    }

    private static AdaptationConfig config(Method method) {
        return AdaptationTrainerTest.config(method);
    }

    @Test
    void resumedRunGivesTheSameLossesAndWeightsAsAnUninterruptedOne() {
        for (Method method : Method.values()) {
            Path file = dir.resolve(method.cliName() + ".safetensors");
            ToySegmentationTask original = new ToySegmentationTask(manager, 11, SIZE, 0.5, 0.01);
            IterationLosses uninterrupted;
            try (AdaptationTrainer trainer = new AdaptationTrainer(original, config(method), manager)) {
                for (int i = 0; i < 4; i++) {
                    step(trainer, i);
                }
                TrainerCheckpoint.save(trainer, file, Provenance.current("test"));
                uninterrupted = step(trainer, 4);
            }
            Map<String, float[]> expectedWeights = ToySegmentationTask.snapshot(original.network());

            // another initialisation and another seed: everything must come from the file
            ToySegmentationTask fresh = new ToySegmentationTask(manager, 99, SIZE, 0.5, 0.01);
            AdaptationConfig resumedConfig = TrainerCheckpoint.config(file);
            assertEquals(method, resumedConfig.method());
            try (AdaptationTrainer trainer = new AdaptationTrainer(fresh, config(method).withSeed(99), manager)) {
                TrainerCheckpoint.restore(trainer, file);
                assertEquals(4, trainer.iteration());
                IterationLosses resumed = step(trainer, 4);
                assertEquals(uninterrupted.values().keySet(), resumed.values().keySet());
                uninterrupted.values().forEach((name, value) ->
                        assertEquals(value, resumed.get(name), 1e-6 * Math.max(1, Math.abs(value)), method + " " + name));
                assertEquals(uninterrupted.learningRate(), resumed.learningRate(), 0);
            }
            Map<String, float[]> resumedWeights = ToySegmentationTask.snapshot(fresh.network());
            expectedWeights.forEach((name, w) -> assertArrayEquals(w, resumedWeights.get(name), 1e-6f, method + " " + name));
        }
    }

    @Test
    void truncatedOrCorruptFilesFailWithTheFileNamed() throws IOException {
        Path file = dir.resolve("run.safetensors");
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.5, 0.01);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.ADVENT), manager)) {
            step(trainer, 0);
            TrainerCheckpoint.save(trainer, file, Provenance.current("test"));
            long size = Files.size(file);
            for (long cut : new long[] {size - 1, size / 2, 100, 7}) {
                Path truncated = dir.resolve("cut-" + cut + ".safetensors");
                Files.copy(file, truncated);
                try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
                    channel.truncate(cut);
                }
                BadInputException e = assertThrows(BadInputException.class, () -> TrainerCheckpoint.restore(trainer, truncated));
                assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
                assertEquals(1, e.getMessage().lines().count());
            }
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 3] ^= 0x40;
            Path flipped = dir.resolve("flipped.safetensors");
            Files.write(flipped, bytes);
            BadInputException e = assertThrows(BadInputException.class, () -> TrainerCheckpoint.restore(trainer, flipped));
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    /** The toy task under another name or class count. */
    private static AdaptationTask renamed(AdaptationTask task, String architecture, int classes) {
        return new AdaptationTask() {
            @Override public String architecture() { return architecture; }
            @Override public int numClasses() { return classes; }
            @Override public Block network() { return task.network(); }
            @Override public List<ParameterGroup> parameterGroups() { return task.parameterGroups(); }
            @Override public List<AdaptationLevel> levels() { return task.levels(); }
            @Override public NDList forward(ParameterStore p, NDList in, boolean t) { return task.forward(p, in, t); }
            @Override public NDArray supervisedLoss(NDList out, Batch b) { return task.supervisedLoss(out, b); }
            @Override public NDList adaptationLogits(NDList out, Batch b) { return task.adaptationLogits(out, b); }
        };
    }

    @Test
    void checkpointsOfAnotherArchitectureClassCountOrMethodAreRefusedWithWhatWasExpected() {
        Path file = dir.resolve("run.safetensors");
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.5, 0.01);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.MINENT), manager)) {
            step(trainer, 0);
            TrainerCheckpoint.save(trainer, file, Provenance.current("test"));
        }
        assertEquals(new ModelIdentity("toy-segmenter", 3), Checkpoints.identity(file));
        try (AdaptationTrainer other = new AdaptationTrainer(renamed(task, "toy-other", 3), config(Method.MINENT), manager)) {
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                    () -> TrainerCheckpoint.restore(other, file));
            assertTrue(e.getMessage().contains("'toy-segmenter' with 3 classes") && e.getMessage().contains("'toy-other'")
                    && e.getMessage().contains("architecture"), e.getMessage());
        }
        try (AdaptationTrainer other = new AdaptationTrainer(renamed(task, "toy-segmenter", 19), config(Method.MINENT), manager)) {
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                    () -> TrainerCheckpoint.restore(other, file));
            assertTrue(e.getMessage().contains("with 19 classes") && e.getMessage().contains("class count"), e.getMessage());
        }
        try (AdaptationTrainer advent = new AdaptationTrainer(task, config(Method.ADVENT), manager)) {
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                    () -> TrainerCheckpoint.restore(advent, file));
            assertTrue(e.getMessage().contains("minent run; this run is advent"), e.getMessage());
        }
    }

    @Test
    void aCrashBetweenTheTemporaryWriteAndTheRenameLeavesThePreviousCheckpointReadable() throws IOException {
        Path file = dir.resolve("run.safetensors");
        ToySegmentationTask task = new ToySegmentationTask(manager, 1, SIZE, 0.5, 0.01);
        try (AdaptationTrainer trainer = new AdaptationTrainer(task, config(Method.ADVENT), manager)) {
            step(trainer, 0);
            TrainerCheckpoint.save(trainer, file, Provenance.current("test"));
            byte[] good = Files.readAllBytes(file);
            step(trainer, 1);
            BadInputException crash = assertThrows(BadInputException.class, () -> TrainerCheckpoint.save(
                    trainer, file, Provenance.current("test"), temporary -> {
                        assertTrue(Files.size(temporary) > 0);
                        throw new IOException("killed");
                    }));
            assertTrue(crash.getMessage().contains("killed"), crash.getMessage());
            assertArrayEquals(good, Files.readAllBytes(file));
            try (var listing = Files.list(dir)) {
                assertEquals(List.of(file), listing.toList(), "no temporary left behind");
            }
            TrainerCheckpoint.restore(trainer, file);
            assertEquals(1, trainer.iteration(), "the previous checkpoint, written after iteration 0");
        }
    }
}
