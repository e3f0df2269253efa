package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import io.github.advent.entropy.io.RawPng;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictAndImportCommandTest {
    @TempDir
    Path dir;

    private static int[] pattern(int w, int h) {
        int[] rgb = new int[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i * 37) % 256;
        }
        return rgb;
    }

    @Test
    void predictWritesTrainIdsColourEntropyAndLogitsPerImage() throws IOException {
        GradMode.disableOnThisThread();
        Path checkpoint = dir.resolve("tiny.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabV2 net = DeepLabV2.create(manager, DeepLabConfig.parse("deeplabv2-resnet14-w4", 19), new SplitMix64(3));
            DeepLabWeights.writeCheckpoint(checkpoint, net, "test");
        }
        Path images = dir.resolve("images");
        RawPng.rgb8(images.resolve("frankfurt/frankfurt_000000_000294_leftImg8bit.png"), 60, 30, pattern(60, 30));
        RawPng.rgb8(images.resolve("street.png"), 40, 24, pattern(40, 24));
        Path out = dir.resolve("pred");
        CliRunner.Result r = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input", images.toString(),
                "--out", out.toString(), "--entropy", "--logits", "--device", "cpu");
        assertEquals(0, r.code(), r::toString);
        IntImage ids = Images.readGrey(out.resolve("labelTrainIds/frankfurt/frankfurt_000000_000294_leftImg8bit.png"));
        assertEquals(60, ids.width());
        assertEquals(30, ids.height());
        for (int v : ids.values()) {
            assertTrue(v >= 0 && v < 19, "train id " + v);
        }
        assertEquals(40, Images.readRgb(out.resolve("color/street_color.png")).width());
        assertEquals(24, Images.readGrey(out.resolve("entropy/street_entropy.png")).height());
        TensorData logits = WeightFiles.read(out.resolve("logits/frankfurt/frankfurt_000000_000294_leftImg8bit_logits.npy"))
                .values().iterator().next();
        assertArrayEquals(new long[] {19, 65, 129}, logits.shape(), "C x h x w at the network's output for 1024x512");

        CliRunner.Result threshold = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input",
                images.toString(), "--out", out.toString(), "--score-threshold", "0.3");
        assertEquals(2, threshold.code(), threshold::toString);
        assertTrue(threshold.err().contains("--score-threshold is for detection checkpoints"), threshold::toString);

        CliRunner.Result missing = CliRunner.run("predict", "--checkpoint", checkpoint.toString(), "--input",
                dir.resolve("nothing").toString(), "--out", out.toString());
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().contains(dir.resolve("nothing").toString()), missing::toString);
    }

    @Test
    void importWeightsReadsTheDeepLabImageNetLayoutAndWritesACheckpoint() throws IOException {
        GradMode.disableOnThisThread();
        // a ResNet-101 state dict in the layout of DeepLab_resnet_pretrained_imagenet.pth: "Scale." prefix, old layer5
        Path file = dir.resolve("imagenet.safetensors");
        List<TensorEntry> entries = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLabV2 net = DeepLabV2.create(manager, DeepLabConfig.resnet101(19), new SplitMix64(5));
            net.stateDict().forEach((key, p) -> {
                if (!key.startsWith("layer5") && !key.startsWith("layer6")) {
                    entries.add(TensorEntry.of("Scale." + key, TensorData.of(p.getArray())));
                }
            });
            entries.add(TensorEntry.of("Scale.layer5.conv2d_list.0.weight",
                    TensorData.of(manager.zeros(new ai.djl.ndarray.types.Shape(21, 1024, 3, 3)))));
            SafetensorsWriter.write(file, Map.of(), entries);
        }
        Path out = dir.resolve("resnet101.safetensors");
        CliRunner.Result r = CliRunner.run("import-weights", file.toString(), "--arch", "deeplabv2-resnet101", "--out",
                out.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals(new ModelIdentity("deeplabv2-resnet101", 19), Checkpoints.identity(out));
        // the same file with a tensor no DeepLab-V2 has: reported, and refused under --strict
        Path extra = dir.resolve("extra.safetensors");
        List<TensorEntry> withExtra = new ArrayList<>(entries);
        withExtra.add(TensorEntry.of("Scale.aspp.weight", new TensorData(TensorType.FLOAT32, new long[] {2},
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN))));
        SafetensorsWriter.write(extra, Map.of(), withExtra);
        CliRunner.Result lenient = CliRunner.run("import-weights", extra.toString(), "--arch", "deeplabv2-resnet101",
                "--out", dir.resolve("lenient.safetensors").toString());
        assertEquals(0, lenient.code(), lenient::toString);
        assertTrue(lenient.err().contains("aspp.weight"), lenient::toString);
        CliRunner.Result strict = CliRunner.run("import-weights", extra.toString(), "--arch", "deeplabv2-resnet101",
                "--out", dir.resolve("strict.safetensors").toString(), "--strict");
        assertEquals(1, strict.code(), strict::toString);
        assertTrue(strict.err().contains(extra.toString()) && strict.err().contains("aspp.weight"), strict::toString);
        CliRunner.Result ssd = CliRunner.run("import-weights", file.toString(), "--arch", "ssd300-vgg16", "--out",
                dir.resolve("ssd.safetensors").toString());
        assertEquals(1, ssd.code(), ssd::toString);
        assertTrue(ssd.err().contains(file.toString()) && ssd.err().contains("no tensor fits SSD"), ssd::toString);
    }
}
