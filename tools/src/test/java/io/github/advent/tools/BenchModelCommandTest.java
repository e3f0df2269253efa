package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code bench train|infer} run the real ResNet-101 at a tiny size (the figures themselves come from real runs). */
class BenchModelCommandTest {
    @Test
    void benchInferAndTrainReportMedianAndPeakMemoryAsJson() {
        CliRunner.Result infer = CliRunner.run("bench", "infer", "--size", "64x32", "--iterations", "2", "--warmup", "0",
                "--json", "--device", "cpu");
        assertEquals(0, infer.code(), infer::toString);
        JsonObject i = JsonParser.parseString(infer.out()).getAsJsonObject();
        assertEquals("infer", i.get("mode").getAsString());
        assertEquals("deeplabv2-resnet101", i.get("architecture").getAsString());
        assertEquals(2, i.getAsJsonArray("seconds").size());
        assertTrue(i.get("median_seconds").getAsDouble() > 0 && i.get("peak_rss_mb").getAsDouble() > 100, infer::toString);
        assertEquals(io.github.advent.entropy.util.MachineFacts.current().cpu(),
                i.getAsJsonObject("machine").get("cpu").getAsString(), "the figure says which CPU it came from");

        CliRunner.Result train = CliRunner.run("bench", "train", "--method", "advent", "--size", "64x32", "--iterations",
                "1", "--warmup", "0", "--json", "--device", "cpu");
        assertEquals(0, train.code(), train::toString);
        JsonObject t = JsonParser.parseString(train.out()).getAsJsonObject();
        assertEquals("advent", t.get("method").getAsString());
        assertEquals(1, t.get("iterations").getAsInt());
        JsonObject losses = t.getAsJsonArray("losses").get(0).getAsJsonObject();
        assertTrue(losses.has("supervised") && losses.has("adversarial_main") && losses.has("d_aux_target"), train::toString);
    }

    @Test
    void benchAdaptComparesTentWithPlainPredictionOfTheSameImages() {
        for (String arch : new String[] {"deeplabv2-resnet101", "ssd300-vgg16"}) {
            CliRunner.Result adapt = arch.startsWith("ssd")
                    ? CliRunner.run("bench", "adapt", "--arch", arch, "--iterations", "1", "--warmup", "0", "--json")
                    : CliRunner.run("bench", "adapt", "--size", "64x32", "--iterations", "1", "--warmup", "0", "--json");
            assertEquals(0, adapt.code(), adapt::toString);
            JsonObject a = JsonParser.parseString(adapt.out()).getAsJsonObject();
            assertEquals("adapt", a.get("mode").getAsString());
            assertEquals("tent", a.get("method").getAsString());
            assertEquals(arch, a.get("architecture").getAsString());
            double infer = a.get("infer_median_seconds").getAsDouble();
            assertTrue(infer > 0, adapt::toString);
            assertEquals(a.get("median_seconds").getAsDouble() / infer, a.get("adapt_over_infer").getAsDouble(), 1e-12);
        }
    }

    @Test
    void ssdInferenceReportsImagesPerSecondAndTheDecodeShare() {
        CliRunner.Result infer = CliRunner.run("bench", "infer", "--arch", "ssd300-vgg16", "--iterations", "1",
                "--warmup", "0", "--json", "--device", "cpu");
        assertEquals(0, infer.code(), infer::toString);
        JsonObject i = JsonParser.parseString(infer.out()).getAsJsonObject();
        assertEquals("ssd300-vgg16", i.get("architecture").getAsString());
        assertEquals("300x300", i.get("size").getAsString());
        double share = i.get("decode_share").getAsDouble();
        assertTrue(share > 0 && share < 1, infer::toString);
        assertEquals(1 / i.get("median_seconds").getAsDouble(), i.get("images_per_second").getAsDouble(), 1e-9);
        assertEquals(200, i.get("detections_per_image").getAsDouble(), "an untrained SSD fills its 200 detections");
    }
}
