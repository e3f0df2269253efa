package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.detection.DetectionTask;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.io.Sha256;
import io.github.advent.segmentation.SegmentationTask;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped detection start: checked on load, and made again byte for byte by its command. */
class DemoDetectionStartTest {
    private static final DemoRun.Progress SILENT = DemoRunTest.logging(new java.util.ArrayList<>());

    @Test
    void theShippedStartIsTheDemosNetworkAndPassesItsChecksum(@TempDir Path dir) throws Exception {
        Path start = DemoDetectionStart.extract(dir);
        assertEquals(DemoDetectionStart.SHA256, Sha256.of(start));
        assertEquals(new ModelIdentity(DemoPlan.standard().detection().architecture(), 3), Checkpoints.identity(start));
        assertTrue(Files.size(start) <= 10 << 20, "at most 10 MB");
    }

    @Test
    void aDamagedStartIsRefusedNamingTheFileAndTheRemedy(@TempDir Path dir) throws Exception {
        Path start = DemoDetectionStart.extract(dir);
        byte[] bytes = Files.readAllBytes(start);
        bytes[bytes.length - 1] ^= 1;
        Files.write(start, bytes);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DemoDetectionStart.verify(start, DemoDetectionStart.SHA256));
        assertTrue(e.getMessage().contains(start.toString()) && e.getMessage().contains("damaged")
                && e.getMessage().contains(DemoDetectionStart.COMMAND), e.getMessage());
    }

    @Test
    void theCommandMakesTheSameBytesTwice(@TempDir Path dir) throws Exception {
        DemoPlan plan = new DemoPlan("micro", 64, 32, 3, 3, 2, 1,
                new DemoPlan.Segmentation("deeplabv2-resnet14-w16", 1, 1, 0.01, 1e-4, new SegmentationTask.Lambdas(0.3, 0.06, 0.01, 0.002)),
                new DemoPlan.Detection("ssd300-vgg16-w2", 0, 1, 4e-4, 1e-4, 1e-4, 1, new DetectionTask.Lambdas(0.1, 0.002),
                        DetectionTask.DEFAULT_DISCRIMINATED, DetectionTask.EntropyWeighting.UNIFORM));
        DemoPlan.DetectionStart recipe = new DemoPlan.DetectionStart(4, 3, 4e-4, 2, 1);
        Path first = dir.resolve("a/start.safetensors");
        Path second = dir.resolve("b/start.safetensors");
        Files.createDirectories(first.getParent());
        Files.createDirectories(second.getParent());
        String sha = DemoDetectionStart.make(first, plan, recipe, SILENT);
        assertEquals(sha, DemoDetectionStart.make(second, plan, recipe, SILENT));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertEquals(new ModelIdentity("ssd300-vgg16-w2", 3), Checkpoints.identity(first));
        assertTrue(Files.notExists(dir.resolve("a/start.safetensors.work")), "scratch data removed");
    }
}
