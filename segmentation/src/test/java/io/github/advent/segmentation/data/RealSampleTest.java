package io.github.advent.segmentation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Cityscapes sample in shared/data (skipped when absent): our labelIds -> trainIds mapping
 * against the official scripts' {@code *_gtFine_labelTrainIds.png}.
 */
class RealSampleTest {
    /** shared/data: the build's system property, else ../shared/data or ../../shared/data from the module dir. */
    private static Path sharedData() {
        String property = System.getProperty("advent.shared.data");
        java.util.List<Path> candidates = new java.util.ArrayList<>();
        if (property != null) {
            candidates.add(Path.of(property));
        }
        candidates.add(Path.of("../shared/data"));
        candidates.add(Path.of("../../shared/data"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return candidates.get(0).toAbsolutePath().normalize();
    }

    private static Path cityscapesMini() {
        Path mini = sharedData().resolve("cityscapes-mini");
        assumeTrue(Files.isDirectory(mini), "no real samples at " + mini + " (shared/data absent)");
        return mini;
    }

    /**
     * The sample's labelTrainIds file was downscaled to 256x128 separately from its labelIds file, so
     * the two disagree on 77 boundary pixels (checked independently with PIL + numpy: the official
     * mapping applied to labelIds differs from labelTrainIds there too). The mapping itself must be
     * exact: every label id present maps to the train id it has in the official file everywhere
     * else, and each of the 77 pixels differs only by a neighbouring pixel's class.
     */
    @Test
    void labelIdsMapToTheOfficialTrainIds() {
        Path root = cityscapesMini();
        SegmentationDataset cs = SegmentationDatasets.open("cityscapes", root, Map.of("split", "val", "size", "native"));
        assertEquals(1, cs.size());
        assertEquals("frankfurt_000000_000294", cs.name(0));
        MappedLabels ours = cs.labels(0);
        IntImage labelIds = Images.readGrey(cs.labelFile(0));
        IntImage official = Images.readGrey(root.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelTrainIds.png"));
        int w = official.width();
        int h = official.height();
        assertEquals(w, ours.width());
        assertEquals(h, ours.height());
        assertEquals(0, cs.unknownIds().unknownPixels(), cs.unknownIds().summary());

        // 1. per label id: the official train id it carries on most of its pixels is ours
        Map<Integer, Map<Integer, Integer>> partners = new java.util.TreeMap<>();
        for (int p = 0; p < w * h; p++) {
            partners.computeIfAbsent(labelIds.values()[p], k -> new java.util.TreeMap<>()).merge(official.values()[p], 1, Integer::sum);
        }
        partners.forEach((id, counts) -> {
            int majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals(majority, LabelMap.cityscapes().trainId(id), "label id " + id + " (" + LabelMap.cityscapesIdName(id)
                    + "): official partners " + counts);
        });
        assertTrue(partners.size() >= 10, "a real street scene: " + partners.keySet());

        // 2. pixel for pixel: equal except on 77 boundary pixels of the sample, each explained by a neighbour
        int differ = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int expected = official.get(x, y);
                if (ours.get(x, y) == expected) {
                    continue;
                }
                differ++;
                boolean neighbour = false;
                for (int dy = -2; dy <= 2 && !neighbour; dy++) {
                    for (int dx = -2; dx <= 2 && !neighbour; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        neighbour = nx >= 0 && ny >= 0 && nx < w && ny < h && ours.get(nx, ny) == expected;
                    }
                }
                assertTrue(neighbour, "(" + x + ", " + y + "): ours " + ours.get(x, y) + ", official " + expected
                        + ", no neighbour of ours has the official class");
            }
        }
        assertEquals(77, differ, "pixels where the sample's two files disagree");

        SegmentationSample sample = cs.get(0);
        assertEquals(256, sample.width());
        assertEquals(128, sample.height());
        assertArrayEquals(ours.trainIds(), sample.labels(), "at its own size no resize happens");
        // the default 1024x512 sample: labels are nearest-upscaled train ids (x4: output 4x+1 reads source x)
        SegmentationSample big = SegmentationDatasets.open("cityscapes", root, Map.of("split", "val")).get(0);
        assertEquals(1024 * 512, big.labels().length);
        for (int[] xy : new int[][] {{128, 64}, {0, 0}, {255, 127}, {37, 101}}) {
            assertEquals(ours.get(xy[0], xy[1]), big.label(4 * xy[1] + 1, 4 * xy[0] + 1));
        }
    }

    @Test
    void instanceIdsAreRefusedAsLabelIds() {
        Path root = cityscapesMini();
        Path instances = root.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_instanceIds.png");
        assumeTrue(Files.exists(instances));
        IntImage ids = Images.readGrey(instances);
        assertEquals(16, ids.bitDepth());
        assertTrue(java.util.Arrays.stream(ids.values()).anyMatch(v -> v >= 24000), "person/car instances: id*1000+k");
    }

    @Test
    void paletteFrameReadsAsColours() {
        Path frame = sharedData().resolve("cityscapes-frame/frame_1024x512.png");
        assumeTrue(Files.exists(frame), "no " + frame);
        assertTrue(Images.info(frame).palette());
        var rgb = Images.readRgb(frame);
        assertEquals(1024, rgb.width());
        assertEquals(512, rgb.height());
        boolean colour = false;
        for (int p = 0; p < rgb.width() * rgb.height() && !colour; p += 997) {
            int x = p % rgb.width();
            int y = p / rgb.width();
            colour = rgb.get(x, y, 0) != rgb.get(x, y, 1) || rgb.get(x, y, 1) != rgb.get(x, y, 2);
        }
        assertTrue(colour, "palette colours, not indices");
    }
}
