package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import io.github.advent.tools.fog.FoggyCityscapesWriter.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FogWriterTest {
    @TempDir
    Path dir;

    @Test
    void betaIsWrittenAsTheOfficialFileNamesWriteIt() {
        assertEquals("0.005", FoggyCityscapesWriter.betaLabel(0.005));
        assertEquals("0.01", FoggyCityscapesWriter.betaLabel(0.01));
        assertEquals("0.02", FoggyCityscapesWriter.betaLabel(0.020));
        assertEquals("0.02", FoggyCityscapesWriter.betaLabel(Double.parseDouble("2e-2")));
    }

    @Test
    void findsTheFramesOfEverySplitAndCityAndNothingElse() throws IOException {
        Path root = dir.resolve("cs");
        frame(root, "val", "munster", "munster_000001_000019");
        frame(root, "train", "bremen", "bremen_000000_000019");
        Files.writeString(root.resolve("leftImg8bit/train/bremen/notes.txt"), "not an image");
        Files.writeString(root.resolve("leftImg8bit/README"), "a file at split level");
        FoggyCityscapesWriter writer = new FoggyCityscapesWriter(root, dir.resolve("out"), 0.005);
        List<Frame> frames = writer.frames();
        assertEquals(List.of("bremen_000000_000019", "munster_000001_000019"), frames.stream().map(Frame::stem).toList());
        Frame bremen = frames.get(0);
        assertEquals(root.resolve("disparity/train/bremen/bremen_000000_000019_disparity.png"), bremen.disparity());
        assertEquals(root.resolve("camera/train/bremen/bremen_000000_000019_camera.json"), bremen.camera());
        assertEquals(dir.resolve("out/leftImg8bit_foggy/train/bremen/bremen_000000_000019_leftImg8bit_foggy_beta_0.005.png"),
                writer.output(bremen));
    }

    @Test
    void anEmptyLayoutIsBadInput() throws IOException {
        Files.createDirectories(dir.resolve("cs/leftImg8bit/train/bremen"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new FoggyCityscapesWriter(dir.resolve("cs"), dir, 0.01).frames());
        assertEquals(dir.resolve("cs/leftImg8bit"), e.file());
    }

    private static void frame(Path root, String split, String city, String stem) throws IOException {
        String folder = split + "/" + city + "/" + stem;
        Images.writeRgb(root.resolve("leftImg8bit/" + folder + "_leftImg8bit.png"), FogReference.randomImage(4, 3, 3, 1));
        Images.writeGrey(root.resolve("disparity/" + folder + "_disparity.png"), new IntImage(4, 3, 16, new int[12]));
        Path camera = root.resolve("camera/" + folder + "_camera.json");
        Files.createDirectories(camera.getParent());
        Files.writeString(camera, FogCameraFileTest.CITYSCAPES_CAMERA);
    }
}
