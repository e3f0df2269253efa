package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.tools.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code advent bench eval} on a few small images (the real numbers come from 500 at 2048x1024). */
class EvalBenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void segmentationBenchReportsTimeRateAndPeakMemory() throws Exception {
        Path keep = tmp.resolve("data");
        Result r = CliRunner.run("bench", "eval", "--iterations", "4", "--size", "64x32", "--threads", "2", "--keep",
                keep.toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(4, o.get("images").getAsInt());
        assertEquals("64x32", o.get("size").getAsString());
        assertTrue(o.get("seconds_per_image").getAsDouble() > 0);
        assertTrue(o.get("images_per_second").getAsDouble() > 0);
        assertTrue(o.get("peak_rss_mib").getAsDouble() > 0, o::toString);
        double miou = o.get("miou").getAsDouble();
        assertTrue(miou > 0 && miou < 1, o::toString);
        assertTrue(Files.isDirectory(keep.resolve("cityscapes/gtFine/val")));
        Result again = CliRunner.run("bench", "eval", "--iterations", "1", "--size", "64x32", "--keep", keep.toString());
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.errLines().get(0).contains("--keep folder is not empty"), again::toString);
    }

    @Test
    void detectionBenchTimesEachMetric() {
        Result r = CliRunner.run("bench", "eval", "--arch", "ssd300-vgg16", "--iterations", "5", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String m : new String[] {"voc07", "voc", "coco50"}) {
            assertTrue(o.getAsJsonObject(m).get("seconds").getAsDouble() > 0, o::toString);
        }
    }

    @Test
    void textOutputListsTheMeasurements() {
        Result r = CliRunner.run("bench", "eval", "--iterations", "2", "--size", "32x16");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("seconds per image: "), r::toString);
        assertTrue(r.out().contains("peak rss mib: "), r::toString);
    }
}
