package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.TensorType;
import io.github.advent.entropy.weights.WeightFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code advent import-weights --arch vgg16|ssd300-vgg16}: small files holding a few tensors of each layout
 * (enough to recognise it; the rest is reported missing), into full-size SSD-300 checkpoints.
 */
class ImportSsdWeightsCommandTest {
    @TempDir
    Path dir;

    static TensorData floats(long[] shape, float start) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            buffer.putFloat(start + i * 1e-4f);
        }
        buffer.flip();
        return new TensorData(TensorType.FLOAT32, shape, buffer);
    }

    private Path file(String name, Map<String, long[]> shapes) {
        List<TensorEntry> entries = new ArrayList<>();
        float start = 0.5f;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            entries.add(TensorEntry.of(e.getKey(), floats(e.getValue(), start++)));
        }
        Path file = dir.resolve(name);
        try {
            SafetensorsWriter.write(file, Map.of(), entries);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private static float[] tensor(Path checkpoint, String key) {
        return WeightFiles.read(checkpoint).get(key).toFloatArray();
    }

    @Test
    void aVggBackboneBecomesAWholeSsdWithFreshlyInitialisedHeads() {
        GradMode.disableOnThisThread();
        // vgg16_reducedfc.pth's keys are VGG layer indices
        Path backbone = file("reducedfc.safetensors", new java.util.LinkedHashMap<>(Map.of(
                "0.weight", new long[] {64, 3, 3, 3}, "0.bias", new long[] {64})));
        Path out = dir.resolve("ssd-imagenet.safetensors");
        CliRunner.Result r = CliRunner.run("import-weights", backbone.toString(), "--arch", "vgg16", "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("SSD reduced-fc VGG-16 (vgg16_reducedfc): 2 tensors loaded"), r::toString);
        assertTrue(r.err().contains("missing: vgg.2.weight"), r::toString);
        assertTrue(r.err().contains("tensors keep their initialisation (L2Norm, extras, loc, conf)"), r::toString);
        assertEquals(new ModelIdentity("ssd300-vgg16", 9), Checkpoints.identity(out));
        assertArrayEquals(WeightFiles.read(backbone).get("0.weight").toFloatArray(), tensor(out, "network.vgg.0.weight"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Ssd300 fresh = Ssd300.create(manager, SsdConfig.ssd300(), new io.github.advent.entropy.util.SplitMix64(
                    Ssd300.DEFAULT_INIT_SEED));
            assertArrayEquals(fresh.stateDict().get("conf.0.weight").getArray().toFloatArray(),
                    tensor(out, "network.conf.0.weight"), "heads: Xavier from seed 1234");
        }
        float[] scale = tensor(out, "network.L2Norm.weight");
        assertEquals(512, scale.length);
        assertEquals(20f, scale[0]);

        CliRunner.Result strict = CliRunner.run("import-weights", backbone.toString(), "--arch", "vgg16", "--out",
                dir.resolve("strict.safetensors").toString(), "--strict");
        assertEquals(1, strict.code(), strict::toString);
        assertEquals(1, strict.errLines().size(), strict::toString);
        assertTrue(strict.err().contains(backbone.toString()) && strict.err().contains("missing: vgg.2.weight"),
                strict::toString);
        CliRunner.Result whole = CliRunner.run("import-weights", backbone.toString(), "--arch", "ssd300-vgg16", "--out",
                dir.resolve("whole.safetensors").toString());
        assertEquals(1, whole.code(), whole::toString);
        assertEquals(List.of("advent: " + backbone + ": holds a VGG-16 backbone (SSD reduced-fc VGG-16 (vgg16_reducedfc));"
                + " import it with --arch vgg16"), whole.errLines());
    }

    @Test
    void aWholeSsdTakesItsClassesFromTheHeadsAndListsMisShapedOnes() {
        GradMode.disableOnThisThread();
        // an ssd.pytorch VOC model: 21 classes, 4 boxes per conv4_3 cell -> conf.0 has 84 outputs
        Path ssd = file("ssd-voc.safetensors", new java.util.LinkedHashMap<>(Map.of(
                "vgg.0.weight", new long[] {64, 3, 3, 3}, "conf.0.weight", new long[] {84, 512, 3, 3})));
        Path voc = dir.resolve("voc.safetensors");
        CliRunner.Result r = CliRunner.run("import-weights", ssd.toString(), "--arch", "ssd300-vgg16", "--out", voc.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals(new ModelIdentity("ssd300-vgg16", 21), Checkpoints.identity(voc));
        assertTrue(r.err().contains("ssd.pytorch SSD checkpoint: 2 tensors loaded"), r::toString);

        Path cityscapes = dir.resolve("cs.safetensors");
        CliRunner.Result heads = CliRunner.run("import-weights", ssd.toString(), "--arch", "ssd300-vgg16", "--classes",
                "9", "--out", cityscapes.toString());
        assertEquals(0, heads.code(), heads::toString);
        assertEquals(new ModelIdentity("ssd300-vgg16", 9), Checkpoints.identity(cityscapes));
        assertTrue(heads.err().contains("1 mis-shaped: 'conf.0.weight' is float32 [84, 512, 3, 3] in the file,"
                + " float32 [36, 512, 3, 3] in the model"), heads::toString);

        CliRunner.Result backbone = CliRunner.run("import-weights", ssd.toString(), "--arch", "vgg16", "--out",
                dir.resolve("b.safetensors").toString());
        assertEquals(1, backbone.code(), backbone::toString);
        assertTrue(backbone.err().contains("holds a whole SSD (ssd.pytorch SSD checkpoint); import it with --arch"
                + " ssd300-vgg16"), backbone::toString);
    }

    @Test
    void torchvisionsCocoSsdImportsWithItsConventionsAndMapsOntoCityscapes() {
        GradMode.disableOnThisThread();
        Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        shapes.put("backbone.features.0.weight", new long[] {64, 3, 3, 3});
        shapes.put("head.classification_head.module_list.5.bias", new long[] {4 * 91});
        Path coco = file("ssd300_vgg16_coco.safetensors", shapes);
        float[] cocoBias = WeightFiles.read(coco).get("head.classification_head.module_list.5.bias").toFloatArray();

        Path all = dir.resolve("coco-91.safetensors");
        CliRunner.Result r = CliRunner.run("import-weights", coco.toString(), "--arch", "ssd300-vgg16", "--out", all.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("torchvision SSD300-VGG16 checkpoint: 2 tensors loaded"), r::toString);
        assertEquals(new ModelIdentity("ssd300-vgg16-torchvision", 91), Checkpoints.identity(all));
        assertArrayEquals(cocoBias, tensor(all, "network.conf.5.bias"));

        Path cityscapes = dir.resolve("coco-cityscapes.safetensors");
        r = CliRunner.run("import-weights", coco.toString(), "--arch", "ssd300-vgg16", "--classes", "cityscapes", "--out",
                cityscapes.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("confidence heads mapped COCO -> Cityscapes"), r::toString);
        assertEquals(new ModelIdentity("ssd300-vgg16-torchvision", 9), Checkpoints.identity(cityscapes));
        float[] bias = tensor(cityscapes, "network.conf.5.bias");
        int[] coco91 = {0, 1, 1, 3, 8, 6, 7, 4, 2}; // background, person x2, car, truck, bus, train, motorcycle, bicycle
        for (int g = 0; g < 4; g++) {
            for (int k = 0; k < 9; k++) {
                assertEquals(cocoBias[g * 91 + coco91[k]], bias[g * 9 + k], "box " + g + " class " + k);
            }
        }

        Path notCoco = file("ssd-5.safetensors", Map.of("head.classification_head.module_list.5.bias", new long[] {4 * 5}));
        r = CliRunner.run("import-weights", notCoco.toString(), "--arch", "ssd300-vgg16", "--classes", "cityscapes", "--out",
                dir.resolve("x.safetensors").toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains(notCoco + ": --classes cityscapes maps COCO heads (81 or 91 classes); this file's heads"
                + " have 5 classes"), r::toString);
        r = CliRunner.run("import-weights", coco.toString(), "--arch", "ssd300-vgg16", "--classes", "kitti", "--out",
                dir.resolve("x.safetensors").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--classes must be a class count or 'cityscapes', got 'kitti'"), r::toString);
    }
}
