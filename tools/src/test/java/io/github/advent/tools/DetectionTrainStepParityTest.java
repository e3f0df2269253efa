package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.DetectionTask;
import io.github.advent.detection.SsdPredictor;
import io.github.advent.detection.data.DetectionDatasets;
import io.github.advent.detection.data.SsdPreprocessing;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.EntropyMaps;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first iteration of {@code advent train detection} against {@code ssd-train-step/make_ssd_train_step.py}, which
 * computes it independently from the SSD paper and ADVENT's formulas: the demo's network width (ssd300-vgg16-w16,
 * ssd.pytorch conventions) with seeded weights and K = 4, a real Cityscapes crop with three hand-drawn boxes as the
 * source, another real crop as the target, no augmentation.
 *
 * <ul>
 *   <li>the MultiBox loss and its two terms, as {@code metrics.csv} logs them;
 *   <li>each map's mean normalised entropy (MinEnt's terms and AdvEnt's logged entropies);
 *   <li>AdvEnt's adversarial losses and both discriminator losses of conv4_3 and conv7, which the reference
 *       computes with discriminators initialised from the same documented SplitMix64 streams;
 *   <li>the weighted self-information maps the discriminators receive: shape, layout (channel g·K + k) and values.
 * </ul>
 * metrics.csv prints 7 significant digits; float32 sums in another order may move the last one.
 */
class DetectionTrainStepParityTest {
    private static final double RELATIVE = 3e-6;
    /** Self-information lies in [0, 1]; float32 logits through 13 convolutions differ by about 1e-5 of their ±3. */
    private static final double MAP_TOLERANCE = 1e-5;
    private static final List<String> SUPERVISED = List.of("supervised", DetectionTask.LOCATION_COLUMN,
            DetectionTask.CONFIDENCE_COLUMN);
    private static final List<String> LEVELS = List.of("conv4_3", "conv7", "conv8_2", "conv9_2", "conv10_2", "conv11_2");

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(DetectionTrainStepParityTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject expected() {
        try {
            return JsonParser.parseString(Files.readString(resource("ssd-train-step/expected.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void advEntsFirstIterationLogsTheReferencesLosses() {
        Map<String, Double> logged = firstRow(train("advent"));
        JsonObject losses = expected().getAsJsonObject("losses");
        for (String name : SUPERVISED) {
            assertClose(name, losses.get(name).getAsDouble(), logged);
        }
        for (String level : LEVELS) {
            assertClose("entropy_" + level, losses.get("entropy_" + level).getAsDouble(), logged);
        }
        for (String level : List.of("conv4_3", "conv7")) {
            for (String name : List.of("adversarial_" + level, "d_" + level + "_source", "d_" + level + "_target")) {
                assertClose(name, losses.get(name).getAsDouble(), logged);
            }
        }
    }

    @Test
    void minEntsFirstIterationLogsTheReferencesEntropies() {
        Map<String, Double> logged = firstRow(train("minent"));
        JsonObject losses = expected().getAsJsonObject("losses");
        assertEquals(SUPERVISED.size() + LEVELS.size(), logged.size(), logged::toString);
        for (String name : SUPERVISED) {
            assertClose(name, losses.get(name).getAsDouble(), logged);
        }
        for (String level : LEVELS) {
            assertClose("entropy_" + level, losses.get("entropy_" + level).getAsDouble(), logged);
        }
    }

    @Test
    void theDiscriminatorsSeeTheReferencesSelfInformationMaps() {
        Path weights = SeededSsdWeights.write(resource("ssd-train-step/weights.json"), dir.resolve("weights.safetensors"));
        Map<String, TensorData> reference = WeightFiles.read(resource("ssd-train-step/information.npz"));
        GradMode.disableOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Ssd300 network = Ssd300.create(manager, SsdConfig.parse("ssd300-vgg16-w16", 4), new io.github.advent.entropy.util.SplitMix64(1));
            SsdWeights.importFile(weights, network, true);
            DetectionTask task = new DetectionTask(network);
            var sample = DetectionDatasets.open("folder", targetFolder(),
                    DetectionDatasets.withLabelled("folder", Map.of(), false)).get(0);
            NDArray input = manager.create(SsdPreprocessing.ssd300().apply(sample).image(), SsdPredictor.inputShape(1));
            NDList outputs = task.forward(new ParameterStore(manager, false), new NDList(input), false);
            NDList logits = task.adaptationLogits(outputs, new Batch(new NDList(input), null));
            for (int i = 0; i < LEVELS.size(); i++) {
                AdaptationLevel level = task.levels().get(i);
                assertEquals(LEVELS.get(i), level.name());
                NDArray information = EntropyMaps.selfInformation(EntropyMaps.groupSoftmax(logits.get(i), 4), 4);
                TensorData expected = reference.get(level.name());
                assertArrayEquals(expected.shape(), information.getShape().getShape(), level.name());
                float[] want = expected.toFloatArray();
                float[] got = information.toFloatArray();
                for (int k = 0; k < want.length; k++) {
                    assertEquals(want[k], got[k], MAP_TOLERANCE, level.name() + " value " + k);
                }
            }
        }
    }

    /** Runs one iteration of {@code method} from the seeded weights; the run folder. */
    private Path train(String method) {
        Path weights = SeededSsdWeights.write(resource("ssd-train-step/weights.json"), dir.resolve("weights.safetensors"));
        Path run = dir.resolve(method);
        CliRunner.Result r = CliRunner.run("train", "detection", "--method", method, "--arch", "ssd300-vgg16-w16",
                "--source", "coco=" + resource("ssd-parity/images") + ",annotations=" + resource("ssd-train-step/source.json")
                        + ",classes=person;car;bicycle",
                "--target", "folder=" + targetFolder(), "--init", weights.toString(), "--no-augment", "--iterations", "1",
                "--seed", String.valueOf(expected().get("seed").getAsLong()), "--out", run.toString());
        assertEquals(0, r.code(), r::toString);
        return run;
    }

    /** A folder holding only the target image. */
    private Path targetFolder() {
        Path folder = dir.resolve("target");
        try {
            if (!Files.exists(folder)) {
                Files.createDirectories(folder);
                Files.copy(resource("ssd-parity/images/crop_500x375.png"), folder.resolve("crop_500x375.png"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /** The losses of metrics.csv's first row, by column. */
    private static Map<String, Double> firstRow(Path run) {
        List<String> lines;
        try {
            lines = Files.readAllLines(run.resolve("metrics.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] header = lines.get(0).split(",");
        String[] row = lines.get(1).split(",");
        assertEquals("0", row[0], "the first row is iteration 0");
        Map<String, Double> values = new HashMap<>();
        for (int c = 4; c < header.length; c++) {
            values.put(header[c], Double.parseDouble(row[c]));
        }
        return values;
    }

    private static void assertClose(String name, double expected, Map<String, Double> logged) {
        Double actual = logged.get(name);
        if (actual == null) {
            throw new AssertionError("metrics.csv has no column '" + name + "': " + logged.keySet());
        }
        assertEquals(expected, actual, RELATIVE * Math.abs(expected), name);
    }
}
