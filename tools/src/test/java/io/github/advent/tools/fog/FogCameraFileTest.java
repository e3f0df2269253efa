package io.github.advent.tools.fog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FogCameraFileTest {
    static final String CITYSCAPES_CAMERA = """
            {
                "extrinsic": {"baseline": 0.209313, "pitch": 0.038, "roll": 0.0, "x": 1.7, "y": 0.1,
                              "yaw": -0.0195, "z": 1.22},
                "intrinsic": {"fx": 2262.52, "fy": 2265.3017905988554, "u0": 1096.98, "v0": 513.137}
            }
            """;

    @TempDir
    Path dir;

    @Test
    void readsBaselineFocalLengthsPrincipalPointHeightAndPitch() throws IOException {
        Camera camera = CameraFile.read(write(CITYSCAPES_CAMERA));
        assertEquals(new Camera(0.209313, 2262.52, 2265.3017905988554, 1096.98, 513.137, 1.22, 0.038), camera);
    }

    @Test
    void aMissingFieldIsNamedWithItsFile() throws IOException {
        Path file = write(CITYSCAPES_CAMERA.replace("\"u0\": 1096.98, ", ""));
        bad(file, "missing field intrinsic.u0");
        bad(write("{\"intrinsic\": {\"fx\": 1, \"fy\": 1, \"u0\": 1, \"v0\": 1}}"), "missing field extrinsic.baseline");
        bad(write(CITYSCAPES_CAMERA.replace(", \"z\": 1.22", "")), "missing field extrinsic.z");
        bad(write(CITYSCAPES_CAMERA.replace("\"pitch\": 0.038, ", "")), "missing field extrinsic.pitch");
    }

    @Test
    void corruptJsonWrongTypesAndImpossibleValuesAreBadInput() throws IOException {
        bad(write(CITYSCAPES_CAMERA.substring(0, 60)), "corrupt camera file: not valid JSON");
        bad(write("[1, 2]"), "corrupt camera file: expected a JSON object");
        bad(write(CITYSCAPES_CAMERA.replace("2262.52", "\"wide\"")), "field intrinsic.fx is not a number");
        bad(write(CITYSCAPES_CAMERA.replace("0.209313", "0")), "field extrinsic.baseline must be positive");
        bad(write(CITYSCAPES_CAMERA.replace("\"z\": 1.22", "\"z\": -1.22")), "field extrinsic.z must be positive");
        bad(write(CITYSCAPES_CAMERA.replace("0.038", "2.1")), "field extrinsic.pitch is 2.1 rad");
        bad(dir.resolve("absent_camera.json"), "missing: no such file");
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "x_", "_camera.json");
        Files.writeString(file, text);
        return file;
    }

    private static void bad(Path file, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> CameraFile.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e::getMessage);
        assertTrue(e.getMessage().contains(problem), e::getMessage);
        assertTrue(!e.getMessage().contains("\n"), e::getMessage);
    }
}
