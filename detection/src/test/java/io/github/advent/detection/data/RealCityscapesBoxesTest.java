package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.util.SplitMix64;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The real Cityscapes frame of shared/data/cityscapes-mini (val, frankfurt_000000_000294, 256x128;
 * skipped when absent): 4 persons and 3 cars, checked against boxes computed here from the
 * instance PNG with javax.imageio and a plain loop, independently of {@link CityscapesBoxes}.
 */
class RealCityscapesBoxesTest {
    private static final String FRAME = "frankfurt_000000_000294";

    @Test
    void sevenBoxesFourPersonsAndThreeCars() throws IOException {
        Path root = SharedData.require("cityscapes-mini");
        DetectionDataset cs = DetectionDatasets.open("cityscapes", root, Map.of("split", "val"));
        assertEquals(1, cs.size());
        assertEquals(FRAME, cs.name(0));
        DetectionSample sample = cs.get(0);
        assertEquals(256, sample.image().width());
        assertEquals(128, sample.image().height());

        List<ObjectBox> expected = scan(root.resolve("gtFine/val/frankfurt/" + FRAME + "_gtFine_instanceIds.png"));
        assertEquals(7, expected.size());
        assertEquals(4, expected.stream().filter(b -> b.classIndex() == 1).count());
        assertEquals(3, expected.stream().filter(b -> b.classIndex() == 3).count());
        assertEquals(expected, sample.boxes());
        assertEquals(expected, cs.boxes(0).boxes());
    }

    @Test
    void theRealFrameGoesThroughAugmentationAndPreprocessing() {
        Path root = SharedData.require("cityscapes-mini");
        DetectionSample sample = DetectionDatasets.open("cityscapes", root, Map.of("split", "val")).get(0);
        for (long seed = 0; seed < 5; seed++) {
            DetectionSample augmented = SsdAugmentation.standard().apply(sample, new SplitMix64(seed));
            SsdInput input = SsdPreprocessing.ssd300().apply(augmented);
            assertEquals(3 * 300 * 300, input.image().length);
            for (float v : input.boxes()) {
                assertTrue(v >= 0f && v <= 1f, "normalised corner " + v);
            }
            assertEquals(256, input.originalWidth());
        }
    }

    /** Tight boxes of instance values id * 1000 + k of the eight classes, by a plain scan of the 16-bit PNG. */
    private static List<ObjectBox> scan(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        Raster raster = image.getRaster();
        int[] classOfId = new int[34];
        int[] ids = {24, 25, 26, 27, 28, 31, 32, 33};
        for (int i = 0; i < ids.length; i++) {
            classOfId[ids[i]] = i + 1;
        }
        TreeMap<Integer, int[]> bounds = new TreeMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = raster.getSample(x, y, 0);
                if (v >= 1000) {
                    int[] b = bounds.computeIfAbsent(v, k -> new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1});
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        List<ObjectBox> boxes = new ArrayList<>();
        bounds.forEach((v, b) -> {
            int id = v / 1000;
            if (id < classOfId.length && classOfId[id] > 0) {
                boxes.add(ObjectBox.of(b[0], b[1], b[2] + 1, b[3] + 1, classOfId[id]));
            }
        });
        return boxes;
    }
}
