package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.data.TinyDetectionData;
import io.github.advent.entropy.util.MachineFacts;
import io.github.advent.entropy.weights.SafetensorsFile;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.segmentation.data.TinyData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises: the same command trains bit-identically twice on one machine. Each task's short AdvEnt run
 * (network, discriminators, optimiser states) is run twice in this process and every tensor of every file it writes is
 * compared byte for byte, as are its logged losses. Across CPU kinds no such promise holds (run.json says which CPU).
 */
class RerunDeterminismTest {
    @TempDir
    Path dir;

    /** Every tensor of every safetensors file under {@code run}, by file and name. */
    private static Map<String, TensorData> tensors(Path run) throws IOException {
        Map<String, TensorData> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList()) {
                SafetensorsFile read = WeightFiles.readSafetensors(file);
                read.tensors().forEach((name, t) -> all.put(run.relativize(file) + ":" + name, t));
            }
        }
        return all;
    }

    private void assertTwiceTheSame(List<String> command) throws IOException {
        Path[] runs = {dir.resolve("first"), dir.resolve("second")};
        for (Path run : runs) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--out", run.toString(), "--device", "cpu"));
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r::toString);
        }
        Map<String, TensorData> first = tensors(runs[0]);
        Map<String, TensorData> second = tensors(runs[1]);
        assertFalse(first.isEmpty());
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name).shape(), second.get(name).shape(), name);
            assertEquals(0, bytes(first.get(name)).compareTo(bytes(second.get(name))), name + " differs between the runs");
        }
        assertEquals(losses(runs[0]), losses(runs[1]));
        JsonObject machine = JsonParser.parseString(Files.readString(runs[0].resolve("run.json"))).getAsJsonObject()
                .getAsJsonObject("machine");
        assertEquals(MachineFacts.current().cpu(), machine.get("cpu").getAsString());
        assertEquals(MachineFacts.current().onednnIsa(), machine.get("onednn_isa").getAsString());
        assertEquals(MachineFacts.current().libtorch(), machine.get("libtorch").getAsString());
    }

    /** metrics.csv without its wall-clock column ({@code seconds}, the second). */
    private static List<String> losses(Path run) throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("seconds", rows.get(0).split(",")[1]);
        return rows.stream().map(row -> row.replaceFirst("^([^,]*),[^,]*,", "$1,")).toList();
    }

    private static ByteBuffer bytes(TensorData t) {
        return t.data().duplicate().rewind();
    }

    @Test
    void segmentationAdvEntTrainsBitIdenticallyTwice() throws IOException {
        Path cs = TinyData.cityscapes(dir.resolve("cs"), "train", "aachen_000000_000019", "bochum_000000_000020");
        assertTwiceTheSame(List.of("train", "segmentation", "--method", "advent", "--arch", "deeplabv2-resnet14-w4",
                "--source", "cityscapes=" + cs + ",size=48x32", "--target", "cityscapes=" + cs + ",size=48x32",
                "--iterations", "3", "--snapshot-every", "1"));
    }

    @Test
    void detectionAdvEntTrainsBitIdenticallyTwice() throws IOException {
        String[] frames = {"aachen_000000_000019", "bochum_000000_000020"};
        Path cs = dir.resolve("cs");
        TinyDetectionData.cityscapes(cs, "train", frames);
        TinyDetectionData.foggy(cs, "train", "0.02", frames);
        assertTwiceTheSame(List.of("train", "detection", "--method", "advent", "--arch", "ssd300-vgg16-w2", "--source",
                "cityscapes=" + cs, "--target", "foggy-cityscapes=" + cs + ",beta=0.02", "--iterations", "3",
                "--snapshot-every", "1"));
    }
}
