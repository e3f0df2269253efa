package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code advent import-weights} then {@code advent predict}, end to end, against independent references on four
 * real Cityscapes crops (1024x512, 500x375, 300x300, 333x500), with the seeded full-size weights of
 * {@code ssd-parity/make_ssd_parity.py}: torchvision 0.14's own {@code ssd300_vgg16} (91 classes, its
 * transform, default boxes and post-processing), and an ssd.pytorch-convention pipeline written in that
 * script from the SSD spec (9 classes). Every detection must be found: same class, score within 1e-4, box
 * within 0.01 px in the original image's pixels. Only detections whose score lies within 1e-4 of the 200th
 * (the cut) may be exchanged for their neighbours.
 */
class SsdPredictParityTest {
    private static final double SCORE_TOLERANCE = 1e-4;
    private static final double PIXEL_TOLERANCE = 0.01;

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(SsdPredictParityTest.class.getResource("/ssd-parity/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void torchvisionsSsd300Vgg16() {
        Path checkpoint = importSeeded("torchvision_weights.json", "torchvision SSD300-VGG16 checkpoint: 71 tensors loaded");
        assertEquals(new ModelIdentity("ssd300-vgg16-torchvision", 91), Checkpoints.identity(checkpoint));
        predictAndCompare(checkpoint, "torchvision_expected.json");
    }

    @Test
    void theSsdPytorchPipeline() {
        Path checkpoint = importSeeded("ssdpytorch_weights.json", "ssd.pytorch SSD checkpoint: 71 tensors loaded");
        assertEquals(new ModelIdentity("ssd300-vgg16", 9), Checkpoints.identity(checkpoint));
        predictAndCompare(checkpoint, "ssdpytorch_expected.json");
    }

    @Test
    void theTorchvisionConventionsDefaultBoxesAreDefaultBoxGenerators() {
        float[] expected = io.github.advent.entropy.weights.WeightFiles.read(resource("torchvision_priors.npz"))
                .get("centres").toFloatArray();
        float[] actual = io.github.advent.detection.model.SsdConvention.TORCHVISION.priors().centres();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6f, "value " + i + " (box " + i / 4 + ")");
        }
    }

    private Path importSeeded(String description, String summary) {
        Path weights = SeededSsdWeights.write(resource(description), dir.resolve("weights.safetensors"));
        Path checkpoint = dir.resolve("ssd.safetensors");
        CliRunner.Result r = CliRunner.run("import-weights", weights.toString(), "--arch", "ssd300-vgg16", "--strict",
                "--out", checkpoint.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains(summary), r::toString);
        return checkpoint;
    }

    private void predictAndCompare(Path checkpoint, String expectedFile) {
        Path out = dir.resolve("predicted");
        CliRunner.Result r = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input",
                resource("images").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        Map<Long, String> files = new HashMap<>();
        for (JsonElement image : read(out.resolve("images.json")).getAsJsonObject().getAsJsonArray("images")) {
            JsonObject o = image.getAsJsonObject();
            files.put(o.get("id").getAsLong(), o.get("file_name").getAsString());
        }
        Map<String, List<double[]>> actual = new HashMap<>();
        for (JsonElement element : read(out.resolve("detections.json")).getAsJsonArray()) {
            JsonObject d = element.getAsJsonObject();
            JsonArray b = d.getAsJsonArray("bbox");
            double x = b.get(0).getAsDouble();
            double y = b.get(1).getAsDouble();
            actual.computeIfAbsent(files.get(d.get("image_id").getAsLong()), k -> new ArrayList<>()).add(new double[] {
                d.get("category_id").getAsInt(), d.get("score").getAsDouble(), x, y, x + b.get(2).getAsDouble(),
                y + b.get(3).getAsDouble()});
        }
        JsonArray images = read(resource(expectedFile)).getAsJsonObject().getAsJsonArray("images");
        assertEquals(4, images.size());
        for (JsonElement element : images) {
            JsonObject image = element.getAsJsonObject();
            String file = image.get("file").getAsString();
            List<double[]> expected = new ArrayList<>();
            image.getAsJsonArray("detections").forEach(d -> {
                JsonArray a = d.getAsJsonArray();
                double[] v = new double[6];
                for (int i = 0; i < 6; i++) {
                    v[i] = a.get(i).getAsDouble();
                }
                expected.add(v);
            });
            compare(file, expected, actual.getOrDefault(file, List.of()));
        }
    }

    /** Each expected detection matched to an unused actual one of its class within the tolerances. */
    private static void compare(String file, List<double[]> expected, List<double[]> actual) {
        assertEquals(expected.size(), actual.size(), file + ": number of detections");
        double cut = expected.get(expected.size() - 1)[1];
        boolean[] used = new boolean[actual.size()];
        int exchanged = 0;
        for (double[] e : expected) {
            int match = -1;
            for (int i = 0; i < actual.size() && match < 0; i++) {
                double[] a = actual.get(i);
                if (!used[i] && a[0] == e[0] && Math.abs(a[1] - e[1]) <= SCORE_TOLERANCE && Math.abs(a[2] - e[2]) <= PIXEL_TOLERANCE
                        && Math.abs(a[3] - e[3]) <= PIXEL_TOLERANCE && Math.abs(a[4] - e[4]) <= PIXEL_TOLERANCE
                        && Math.abs(a[5] - e[5]) <= PIXEL_TOLERANCE) {
                    match = i;
                }
            }
            if (match >= 0) {
                used[match] = true;
            } else {
                assertTrue(e[1] - cut <= SCORE_TOLERANCE, () -> file + ": no detection matches class " + (int) e[0]
                        + ", score " + e[1] + ", box " + e[2] + ", " + e[3] + ", " + e[4] + ", " + e[5]);
                exchanged++;
            }
        }
        assertTrue(exchanged <= 2, file + ": " + exchanged + " detections at the cut differ");
    }

    private static JsonElement read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
