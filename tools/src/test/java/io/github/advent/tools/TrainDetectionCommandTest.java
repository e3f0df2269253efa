package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.entropy.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code advent train detection} in-process on tiny generated Cityscapes / Foggy Cityscapes trees, SSD at width 2. */
class TrainDetectionCommandTest {
    private static final String[] FRAMES = {"aachen_000000_000019", "bochum_000000_000020"};

    @TempDir
    Path dir;

    private String[] train(String method, boolean resume, String... extra) {
        Path cs = dir.resolve("cs");
        if (!Files.exists(cs)) {
            TinyDetectionData.cityscapes(cs, "train", FRAMES);
            TinyDetectionData.foggy(cs, "train", "0.02", FRAMES);
        }
        List<String> args = new ArrayList<>(List.of("train", "detection", "--method", method, "--arch", "ssd300-vgg16-w2",
                "--source", "cityscapes=" + cs, "--target", "foggy-cityscapes=" + cs + ",beta=0.02", "--out",
                dir.resolve("run").toString(), "--iterations", "2", "--snapshot-every", "1", "--device", "cpu"));
        if (resume) {
            args.add("--resume");
        }
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void trainsWritesTheRunFolderAndResumesAfterACrash() throws IOException {
        CliRunner.Result first = CliRunner.run(train("advent", false, "--no-augment"));
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.err().contains("advent: source: cityscapes at "), first::toString);
        assertTrue(first.err().contains("finished at iteration 2"), first::toString);
        Path run = dir.resolve("run");
        assertTrue(Files.exists(TrainingRun.snapshotPath(run, 1)) && Files.exists(TrainingRun.snapshotPath(run, 2)));
        JsonObject runJson = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
        assertEquals("advent", runJson.get("method").getAsString());
        assertEquals("ssd300-vgg16-w2", runJson.get("architecture").getAsString());
        assertTrue(runJson.getAsJsonObject("provenance").get("command").getAsString().contains("train detection"));
        assertEquals(Map.of("batch_size", "1", "augment", "false", "discriminate", "conv4_3,conv7"),
                TrainingRun.settings(run));
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(0).contains("adversarial_conv4_3") && rows.get(0).contains("entropy_conv11_2"), rows.get(0));

        CliRunner.Result again = CliRunner.run(train("advent", false, "--no-augment"));
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("--resume"), again::toString);

        // a run killed after its first snapshot: the second is lost, resume redoes iteration 1
        Files.delete(TrainingRun.snapshotPath(run, 2));
        CliRunner.Result augmented = CliRunner.run(train("advent", true));
        assertEquals(1, augmented.code(), augmented::toString);
        assertTrue(augmented.err().contains("augment false, this resume asks for true"), augmented::toString);
        CliRunner.Result resumed = CliRunner.run(train("advent", true, "--no-augment"));
        assertEquals(0, resumed.code(), resumed::toString);
        assertTrue(resumed.err().contains("resuming at iteration 1"), resumed::toString);
        assertTrue(Files.exists(TrainingRun.snapshotPath(run, 2)));
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());

        // a run's snapshot is a detector for evaluate and predict
        CliRunner.Result evaluated = CliRunner.run("evaluate", "detection", "--dataset", "cityscapes=" + dir.resolve("cs"),
                "--split", "train", "--checkpoint", TrainingRun.snapshotPath(run, 2).toString(), "--json");
        assertEquals(0, evaluated.code(), evaluated::toString);
        assertEquals(2, JsonParser.parseString(evaluated.out()).getAsJsonObject().getAsJsonObject("facts")
                .get("images").getAsInt(), evaluated::toString);
        CliRunner.Result predicted = CliRunner.run("predict", "--checkpoint", TrainingRun.snapshotPath(run, 2).toString(),
                "--input", dir.resolve("cs/leftImg8bit").toString(), "--out", dir.resolve("pred").toString());
        assertEquals(0, predicted.code(), predicted::toString);
        assertTrue(Files.exists(dir.resolve("pred/train/aachen/aachen_000000_000019_leftImg8bit_boxes.png")));
    }

    @Test
    void startsFromTorchvisionCocoWeightsWithTheirConventionsAndCityscapesClasses() throws IOException {
        // a few tensors of a torchvision SSD (at the w2 test width) with COCO's 91-class heads
        Path coco = dir.resolve("coco.safetensors");
        io.github.advent.entropy.weights.SafetensorsWriter.write(coco, Map.of(), List.of(
                io.github.advent.entropy.weights.TensorEntry.of("backbone.scale_weight", ImportSsdWeightsCommandTest.floats(new long[] {16}, 5f)),
                io.github.advent.entropy.weights.TensorEntry.of("head.classification_head.module_list.0.bias",
                        ImportSsdWeightsCommandTest.floats(new long[] {4 * 91}, 0f))));
        CliRunner.Result r = CliRunner.run(train("source-only", false, "--no-augment", "--init", coco.toString()));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("expects torchvision's default boxes and input; training ssd300-vgg16-w2-torchvision"),
                r::toString);
        assertTrue(r.err().contains("confidence heads mapped COCO -> Cityscapes"), r::toString);
        JsonObject runJson = JsonParser.parseString(Files.readString(dir.resolve("run/run.json"))).getAsJsonObject();
        assertEquals("ssd300-vgg16-w2-torchvision", runJson.get("architecture").getAsString());
        // resuming keeps the run's conventions without --init
        Files.delete(TrainingRun.snapshotPath(dir.resolve("run"), 2));
        CliRunner.Result resumed = CliRunner.run(train("source-only", true, "--no-augment"));
        assertEquals(0, resumed.code(), resumed::toString);
        assertTrue(resumed.err().contains("resuming at iteration 1"), resumed::toString);
    }

    @Test
    void aMissingTargetImageIsBadInputNamingTheFile() throws IOException {
        String[] args = train("minent", false);
        Files.delete(dir.resolve("cs/leftImg8bit_foggy/train/bochum/bochum_000000_000020_leftImg8bit_foggy_beta_0.02.png"));
        Files.delete(dir.resolve("cs/leftImg8bit_foggy/train/aachen/aachen_000000_000019_leftImg8bit_foggy_beta_0.02.png"));
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().stream().filter(l -> !l.startsWith("advent: source:")).count(), r::toString);
        assertTrue(r.err().contains("leftImg8bit_foggy"), r::toString);
        assertFalse(Files.exists(dir.resolve("run")), r::toString);
    }

    @Test
    void augmentationIsOnUnlessNegated() {
        TrainCommand.Detection on = new TrainCommand.Detection();
        new CommandLine(on).parseArgs("--method", "advent", "--source", "cityscapes=/c", "--target", "foggy-cityscapes=/c",
                "--out", "r");
        assertTrue(on.augment);
        assertEquals(120_000, on.iterations);
        assertEquals(1, on.batchSize);
        TrainCommand.Detection off = new TrainCommand.Detection();
        new CommandLine(off).parseArgs("--method", "advent", "--source", "cityscapes=/c", "--target",
                "foggy-cityscapes=/c", "--out", "r", "--no-augment");
        assertFalse(off.augment);
        TrainCommand.Detection explicit = new TrainCommand.Detection();
        new CommandLine(explicit).parseArgs("--method", "advent", "--source", "cityscapes=/c", "--target",
                "foggy-cityscapes=/c", "--out", "r", "--augment");
        assertTrue(explicit.augment);
    }

    @Test
    void helpStatesTheDefaults() {
        CliRunner.Result r = CliRunner.run("train", "detection", "--help");
        assertEquals(0, r.code(), r::toString);
        String help = r.out().replaceAll("\\s+", " ");
        for (String fact : List.of("SGD at 1e-3", "momentum 0.9", "weight decay 5e-4", "poly schedule (power 0.9) over"
                + " the run's own --iterations", "1 source + 1 target image per iteration", "Adam 1e-4 (0.9, 0.99)",
                "lambda_ent 0.001 in total over all 8,732 default boxes", "lambda_adv 0.001", "conv4_3 and conv7",
                "a snapshot every 2,000 iterations", "default: 120000", "--no-augment")) {
            assertTrue(help.contains(fact), () -> fact + " missing:\n" + r.out());
        }
    }
}
