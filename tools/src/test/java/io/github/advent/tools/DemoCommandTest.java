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
    void badSeedCountIsAUsageError() {
        Result r = CliRunner.run("demo", "--seeds", "0");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--seeds"), r::toString);
    }
}
