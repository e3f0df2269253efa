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
    void tableShowsMeanStdAndGainPerTask() {
        DemoTrack segmentation = new DemoTrack("Segmentation", "mIoU", List.of("a"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 1, 0.40, new double[] {0.4}, List.of()),
                new DemoTrack.Run(Method.SOURCE_ONLY, 2, 0.50, new double[] {0.5}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 1, 0.48, new double[] {0.48}, List.of()),
                new DemoTrack.Run(Method.ADVENT, 2, 0.52, new double[] {0.52}, List.of())));
        List<String> lines = DemoCommand.table(List.of(segmentation));
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("method") && lines.get(0).contains("target mIoU (%)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("source-only") && lines.get(1).contains("45.00 ± 7.07"), lines.get(1));
        assertTrue(lines.get(2).startsWith("advent") && lines.get(2).contains("50.00 ± 2.83")
                && lines.get(2).endsWith("+5.00"), lines.get(2));
    }

    @Test
    void tableShowsTheSourceDomainScoreTheTentAndTheOracleRows() {
        DemoTrack detection = new DemoTrack("Detection", "mAP@0.5", List.of("a"), List.of(
                new DemoTrack.Run(Method.SOURCE_ONLY, 1, 0.20, new double[] {0.2}, List.of()),
                new DemoTrack.Run(Method.MINENT, 1, 0.25, new double[] {0.25}, List.of())),
                java.util.Map.of(DemoTrack.ReferenceRow.ORACLE, List.of(new DemoTrack.Reference(1, 0.45, new double[] {0.45})),
                        DemoTrack.ReferenceRow.TENT, List.of(new DemoTrack.Reference(1, 0.19, new double[] {0.19}))),
                List.of(new DemoTrack.Reference(1, 0.60, new double[] {0.6})));
        List<String> lines = DemoCommand.table(List.of(detection));
        assertEquals(List.of(
                "method        target mAP@0.5 (%)          gain  source mAP@0.5",
                "source-only   20.00                             60.00",
                "minent        25.00                      +5.00",
                "tent          19.00                      -1.00",
                "oracle        45.00                     +25.00"), lines);
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
    }
}
