package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.tools.CliRunner.Result;
import io.github.advent.tools.fog.CameraFile;
import io.github.advent.tools.fog.DisparityDepth;
import io.github.advent.tools.fog.FogModel;
import io.github.advent.tools.fog.FogReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FogCommandTest {
    private static final int W = 48;
    private static final int H = 32;
    private static final List<String> FRAMES = List.of(
            "train/aachen/aachen_000000_000019", "train/aachen/aachen_000001_000019", "val/lindau/lindau_000000_000019");
    private static final String CAMERA = """
            {"extrinsic": {"baseline": 0.22, "pitch": 0.04, "z": 1.2},
             "intrinsic": {"fx": 2260.0, "fy": 2260.0, "u0": 24.0, "v0": 16.0}}
            """;

    @TempDir
    Path dir;

    @Test
    void writesEveryFrameUnderTheOfficialNamesAsTheModelComputesIt() throws IOException {
        Path root = tinyCityscapes();
        Path out = dir.resolve("out");
        Result r = CliRunner.run("fog", "--cityscapes", root.toString(), "--beta", "0.010", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        try (Stream<Path> files = Files.walk(out)) {
            List<String> written = files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
            assertEquals(List.of(
                    "leftImg8bit_foggy/train/aachen/aachen_000000_000019_leftImg8bit_foggy_beta_0.01.png",
                    "leftImg8bit_foggy/train/aachen/aachen_000001_000019_leftImg8bit_foggy_beta_0.01.png",
                    "leftImg8bit_foggy/val/lindau/lindau_000000_000019_leftImg8bit_foggy_beta_0.01.png"), written);
        }
        for (String frame : FRAMES) {
            Image8 clear = Images.readRgb(root.resolve("leftImg8bit/" + frame + "_leftImg8bit.png"));
            float[] distance = DisparityDepth.readDistanceMetres(root.resolve("disparity/" + frame + "_disparity.png"),
                    CameraFile.read(root.resolve("camera/" + frame + "_camera.json")), W, H);
            Image8 expected = FogModel.apply(clear, distance, 0.01);
            Image8 actual = Images.readRgb(out.resolve("leftImg8bit_foggy/" + frame + "_leftImg8bit_foggy_beta_0.01.png"));
            assertArrayEquals(expected.data(), actual.data(), frame);
        }
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(3, json.get("frames").getAsInt());
        assertEquals("0.01", json.get("beta").getAsString());
        assertEquals(List.of("advent: wrote 3 foggy image(s) (beta 0.01) to " + out.resolve("leftImg8bit_foggy")),
                r.errLines().stream().map(l -> l.replaceFirst(" in .*", "")).toList(), r::toString);
    }

    @Test
    void aMissingCameraFileStopsBeforeAnythingIsWritten() throws IOException {
        Path root = tinyCityscapes();
        Path camera = root.resolve("camera/val/lindau/lindau_000000_000019_camera.json");
        Files.delete(camera);
        Result r = fog(root);
        assertBadInput(r, camera + ": missing: no such file");
        assertFalse(Files.exists(dir.resolve("out/leftImg8bit_foggy")), "wrote images before checking the inputs");
    }

    @Test
    void aMissingDisparityOrCorruptCameraOrWrongSizeIsNamed() throws IOException {
        Path root = tinyCityscapes();
        Path disparity = root.resolve("disparity/train/aachen/aachen_000001_000019_disparity.png");
        Files.move(disparity, dir.resolve("elsewhere.png"));
        assertBadInput(fog(root), disparity + ": missing: no such file");
        Images.writePng16(disparity, W, H - 1, 1, new int[W * (H - 1)]);
        assertBadInput(fog(root), disparity + ": disparity is 48x31, its image is 48x32");
        Files.move(dir.resolve("elsewhere.png"), disparity, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path camera = root.resolve("camera/train/aachen/aachen_000000_000019_camera.json");
        Files.writeString(camera, "{\"extrinsic\": {\"baseline\": 0.2}, \"intrinsic\": {\"fx\": 2000");
        assertBadInput(fog(root), camera + ": corrupt camera file: not valid JSON");
    }

    @Test
    void aCorruptDisparityStopsTheRunAndLeavesNoPartialFile() throws IOException {
        Path root = tinyCityscapes();
        Path disparity = root.resolve("disparity/val/lindau/lindau_000000_000019_disparity.png");
        byte[] bytes = Files.readAllBytes(disparity);
        Files.write(disparity, java.util.Arrays.copyOf(bytes, bytes.length - 30)); // cut inside IDAT / IEND
        Result r = fog(root);
        assertBadInput(r, disparity + ": ");
        assertTrue(r.err().contains("truncated") || r.err().contains("corrupt"), r::toString);
        try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().noneMatch(p -> p.toString().contains("lindau")), all::toString);
            assertTrue(all.stream().noneMatch(p -> p.getFileName().toString().startsWith(".")), all::toString);
        }
    }

    @Test
    void aRootWithoutLeftImg8bitIsBadInput() {
        assertBadInput(fog(dir), dir.resolve("leftImg8bit") + ": missing folder");
    }

    /** The 4 real 2048x1024 frames of shared/data (skipped when absent): names, sizes, fog. */
    @Test
    void fogsTheRealDemoFramesUnderTheOfficialNames() throws IOException {
        Path root = FogReference.fogDemo();
        Path out = dir.resolve("real");
        Result r = CliRunner.run("fog", "--cityscapes", root.toString(), "--beta", "0.02", "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        System.out.println(r.err().strip());
        List<String> expected;
        try (Stream<Path> images = Files.walk(root.resolve("leftImg8bit"))) {
            expected = images.filter(p -> p.toString().endsWith("_leftImg8bit.png"))
                    .map(p -> "leftImg8bit_foggy/" + root.resolve("leftImg8bit").relativize(p).toString()
                            .replace("_leftImg8bit.png", "_leftImg8bit_foggy_beta_0.02.png"))
                    .sorted().toList();
        }
        assertEquals(4, expected.size());
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(expected, files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList());
        }
        for (String name : expected) {
            Images.ImageInfo info = Images.info(out.resolve(name));
            assertEquals(List.of(2048, 1024, 8, 3), List.of(info.width(), info.height(), info.bitDepth(), info.channels()));
        }
    }

    private Result fog(Path root) {
        return CliRunner.run("fog", "--cityscapes", root.toString(), "--beta", "0.02", "--out", dir.resolve("out").toString());
    }

    private static void assertBadInput(Result r, String start) {
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("advent: " + start), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    /** Three small frames in two splits: random colours, a near-to-far disparity ramp with holes. */
    private Path tinyCityscapes() throws IOException {
        Path root = dir.resolve("cityscapes");
        Random random = new Random(3);
        for (String frame : FRAMES) {
            Images.writeRgb(root.resolve("leftImg8bit/" + frame + "_leftImg8bit.png"),
                    FogReference.randomImage(W, H, 3, random.nextLong()));
            int[] disparity = new int[W * H];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    // far at the top (v = 1: infinity), near at the bottom; 10 % holes
                    disparity[y * W + x] = random.nextInt(10) == 0 ? 0 : 1 + y * 256 * 4;
                }
            }
            Images.writePng16(root.resolve("disparity/" + frame + "_disparity.png"), W, H, 1, disparity);
            Path camera = root.resolve("camera/" + frame + "_camera.json");
            Files.createDirectories(camera.getParent());
            Files.writeString(camera, CAMERA);
        }
        return root;
    }
}
