package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.train.Method;
import io.github.advent.tools.CliRunner.Result;
import io.github.advent.tools.demo.DemoTrack;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void tableShowsMeanStdAndThePairedGainWithItsIntervalPerTask() {
        DemoTrack segmentation = new DemoTrack("Segmentation", "mIoU", List.of("a"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 1, 0.40, new double[] {0.4}, List.of()),
                new DemoTrack.Run(Method.SOURCE_ONLY, 2, 0.50, new double[] {0.5}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 1, 0.48, new double[] {0.48}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 2, 0.52, new double[] {0.52}, List.of())));
        List<String> lines = DemoCommand.table(List.of(segmentation, segmentation));
        assertEquals(9, lines.size(), lines::toString);
        assertEquals("Segmentation (2 seeds; gain paired by seed, 95 % CI)", lines.get(0));
        assertTrue(lines.get(1).startsWith("method") && lines.get(1).contains("target mIoU"), lines.get(1));
        assertTrue(lines.get(2).startsWith("source-only") && lines.get(2).contains("45.00 ± 7.07"), lines.get(2));
        // gains 8 and 2 points: mean 5, std 4.2426, t(0.975, 1) = 12.7062 → half-width 38.12
        assertTrue(lines.get(3).startsWith("advent") && lines.get(3).contains("50.00 ± 2.83")
                && lines.get(3).endsWith("+5.00 [-33.12, +43.12]"), lines.get(3));
        assertEquals("", lines.get(4), "one table per track");
    }

    @Test
    void tableShowsTheSourceDomainScoreTheTentAndTheOracleRows() {
        DemoTrack detection = new DemoTrack("Detection (fog)", "mAP@0.5", List.of("a"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 1, 0.20, new double[] {0.2}, List.of()),
                new DemoTrack.Run(Method.MINENT, 1, 0.25, new double[] {0.25}, List.of())),
                java.util.Map.of(DemoTrack.ReferenceRow.ORACLE, List.of(new DemoTrack.Reference(1, 0.45, new double[] {0.45})),
                        DemoTrack.ReferenceRow.TENT, List.of(new DemoTrack.Reference(1, 0.19, new double[] {0.19}))),
                List.of(new DemoTrack.Reference(1, 0.60, new double[] {0.6})));
        List<String> lines = DemoCommand.table(List.of(detection));
        assertEquals(List.of(
                "Detection (fog) (1 seed)",
                "method        target mAP@0.5    gain                      source mAP@0.5",
                "source-only   20.00                                       60.00",
                "minent        25.00             +5.00",
                "tent          19.00             -1.00",
                "oracle        45.00             +25.00"), lines);
    }

    @Test
    void badSeedCountIsAUsageError() {
        Result r = CliRunner.run("demo", "--seeds", "0");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--seeds"), r::toString);
    }

    @Test
    void developerLeversRefuseBadValues() {
        Result look = CliRunner.run("demo", "--target-look", "sepia");
        assertEquals(2, look.code(), look::toString);
        assertTrue(look.err().contains("--target-look: unknown target look 'sepia'; known: realistic, source-palette"),
                look::toString);
        Result tent = CliRunner.run("demo", "--tent-settings", "steps=-1");
        assertEquals(2, tent.code(), tent::toString);
        assertTrue(tent.err().contains("steps must be >= 0, got -1"), tent::toString);
        Result scenes = CliRunner.run("demo", "--validation-scenes", "0");
        assertEquals(2, scenes.code(), scenes::toString);
        assertTrue(scenes.err().contains("--validation-scenes"), scenes::toString);
        Result targets = CliRunner.run("demo", "--targets", "fog,snow");
        assertEquals(2, targets.code(), targets::toString);
        assertTrue(targets.err().contains("--targets: unknown target 'snow'; known: fog, realistic"), targets::toString);
        Result tasks = CliRunner.run("demo", "--tasks", "classification");
        assertEquals(2, tasks.code(), tasks::toString);
        assertTrue(tasks.err().contains("--tasks: unknown task 'classification'; known: segmentation, detection"),
                tasks::toString);
    }
}
