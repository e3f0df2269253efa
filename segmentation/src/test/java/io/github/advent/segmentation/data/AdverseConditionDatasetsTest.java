package io.github.advent.segmentation.data;

import static io.github.advent.segmentation.data.TinyData.CITYSCAPES_STRIPES_TRAIN;
import static io.github.advent.segmentation.data.TinyData.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** ACDC and Dark Zurich on generated files in their released layouts. */
class AdverseConditionDatasetsTest {
    private static final String TRAIN_IDS = "_gt_labelTrainIds.png";
    private static final String LABEL_IDS = "_gt_labelIds.png";

    @TempDir
    Path dir;

    private static List<String> names(SegmentationDataset dataset) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            names.add(dataset.name(i));
        }
        return names;
    }

    /** The train ids of row 0, one per 4-column stripe, as the stripes were written. */
    private static void assertStripes(SegmentationSample sample) {
        for (int x = 0; x < W; x += 4) {
            assertEquals(CITYSCAPES_STRIPES_TRAIN[x / 4], sample.label(0, x), "column " + x);
        }
    }

    private static void bad(Path expectedFile, Executable action, String... fragments) {
        BadInputException e = assertThrows(BadInputException.class, action);
        assertEquals(expectedFile, e.file(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        }
    }

    @Test
    void acdcPairsEachImageWithItsTrainIdLabelInOneConditionAndSplit() {
        Path root = TinyData.acdc(dir.resolve("acdc"), "fog", "val", TRAIN_IDS, "GOPR0478_frame_000259", "GOPR0475_frame_000041",
                "GOPR0475_frame_000060");
        TinyData.acdc(root, "fog", "train", TRAIN_IDS, "GOPR0476_frame_000001");
        TinyData.acdc(root, "night", "val", TRAIN_IDS, "GOPR0351_frame_000159");
        SegmentationDataset fog = SegmentationDatasets.open("acdc", root, Map.of("condition", "fog", "split", "val", "size", "native"));
        assertEquals("acdc", fog.kind());
        assertEquals(List.of("GOPR0475_frame_000041", "GOPR0475_frame_000060", "GOPR0478_frame_000259"), names(fog));
        assertEquals(root.resolve("rgb_anon/fog/val/GOPR0475/GOPR0475_frame_000060_rgb_anon.png"), fog.imageFile(1));
        assertEquals(root.resolve("gt/fog/val/GOPR0475/GOPR0475_frame_000060_gt_labelTrainIds.png"), fog.labelFile(1));
        assertEquals(LabelMap.trainIds(), fog.labelMap());
        assertEquals(19, fog.numClasses());
        assertStripes(fog.get(2));
        assertEquals(0, fog.unknownIds().unknownPixels());
        SegmentationDataset train = SegmentationDatasets.open("acdc", root, Map.of("condition", "fog"));
        assertEquals(List.of("GOPR0476_frame_000001"), names(train), "split train by default");
        assertEquals(AcdcDataset.DEFAULT_SIZE, train.sampleSize());
    }

    @Test
    void acdcAllTakesTheFourConditionsInOrderAndIsTheDefault() {
        Path root = dir.resolve("acdc");
        TinyData.acdc(root, "snow", "val", TRAIN_IDS, "GOPR0122_frame_000161");
        TinyData.acdc(root, "fog", "val", TRAIN_IDS, "GOPR0478_frame_000259");
        TinyData.acdc(root, "rain", "val", TRAIN_IDS, "GOPR0400_frame_000532");
        TinyData.acdc(root, "night", "val", TRAIN_IDS, "GOPR0351_frame_000159");
        List<String> expected = List.of("GOPR0478_frame_000259", "GOPR0351_frame_000159", "GOPR0400_frame_000532",
                "GOPR0122_frame_000161");
        assertEquals(expected, names(SegmentationDatasets.open("acdc", root, Map.of("condition", "all", "split", "val"))));
        SegmentationDataset all = SegmentationDatasets.open("acdc", root, Map.of("split", "val", "size", "native"));
        assertEquals(expected, names(all));
        assertEquals(root.resolve("gt/snow/val/GOPR0122/GOPR0122_frame_000161_gt_labelTrainIds.png"), all.labelFile(3));
        assertStripes(all.get(3));
    }

    @Test
    void labelIdFilesAreMappedToTrainIdsAsCityscapesLabelsAre() {
        Path root = TinyData.acdc(dir.resolve("acdc"), "rain", "val", LABEL_IDS, "GOPR0400_frame_000532");
        SegmentationDataset rain = SegmentationDatasets.open("acdc", root, Map.of("condition", "rain", "split", "val", "size", "native"));
        assertEquals(LabelMap.cityscapes(), rain.labelMap());
        assertEquals(root.resolve("gt/rain/val/GOPR0400/GOPR0400_frame_000532_gt_labelIds.png"), rain.labelFile(0));
        assertStripes(rain.get(0));
        // ids 34 and 200 are no Cityscapes label: two 4-column stripes above the last row
        assertEquals(2L * 4 * (TinyData.H - 1), rain.unknownIds().unknownPixels());
    }

    @Test
    void acdcFileListAndUnlabelledTestSplit() {
        Path root = TinyData.acdc(dir.resolve("acdc"), "night", "val", TRAIN_IDS, "GOPR0351_frame_000159", "GOPR0356_frame_000321");
        Path list = TinyData.write(dir.resolve("night_val.txt"),
                "night/val/GOPR0356/GOPR0356_frame_000321_rgb_anon.png\nGOPR0351_frame_000159\n");
        SegmentationDataset listed = SegmentationDatasets.open("acdc", root,
                Map.of("condition", "night", "split", "val", "list", list.toString()));
        assertEquals(List.of("GOPR0356_frame_000321", "GOPR0351_frame_000159"), names(listed));

        TinyData.acdc(root, "night", "test", null, "GOPR0355_frame_000001");
        SegmentationDataset test = SegmentationDatasets.open("acdc", root,
                Map.of("condition", "night", "split", "test", "labelled", "false"));
        assertEquals(List.of("GOPR0355_frame_000001"), names(test));
        assertNull(test.labelFile(0));
        bad(root.resolve("gt/night/test"), () -> SegmentationDatasets.open("acdc", root, Map.of("condition", "night", "split", "test")),
                "missing folder", "gt/night/test/{sequence}/*_gt_labelTrainIds.png", "night/ has: val");
    }

    @Test
    void acdcBadInputNamesTheFolderOrFile() throws Exception {
        Path root = TinyData.acdc(dir.resolve("acdc"), "fog", "val", TRAIN_IDS, "GOPR0478_frame_000259", "GOPR0475_frame_000041");
        bad(dir.resolve("none"), () -> SegmentationDatasets.open("acdc", dir.resolve("none"), Map.of()), "missing: no such folder",
                "the ACDC dataset root");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SegmentationDatasets.open("acdc", root, Map.of("condition", "haze")));
        assertEquals("dataset 'acdc': option 'condition': unknown ACDC condition 'haze'; known: fog, night, rain, snow, all", unknown.getMessage());
        bad(root.resolve("rgb_anon/night"), () -> SegmentationDatasets.open("acdc", root, Map.of("split", "val")),
                "missing folder", "rgb_anon/night/val/{sequence}/*_rgb_anon.png", "rgb_anon/ has: fog");
        Files.createDirectories(root.resolve("rgb_anon/fog/train/GOPR0476"));
        bad(root.resolve("rgb_anon/fog/train"), () -> SegmentationDatasets.open("acdc", root, Map.of("condition", "fog")),
                "no images found: looked for {sequence}/*_rgb_anon.png in this folder");
        Files.delete(root.resolve("gt/fog/val/GOPR0475/GOPR0475_frame_000041_gt_labelTrainIds.png"));
        bad(root.resolve("gt/fog/val"), () -> SegmentationDatasets.open("acdc", root, Map.of("condition", "fog", "split", "val")),
                "1 image without a label in " + root.resolve("gt/fog/val") + ": GOPR0475_frame_000041_rgb_anon.png");
    }

    @Test
    void darkZurichReadsOnlyTheNightImagesOfASplit() {
        Path root = dir.resolve("dz");
        TinyData.darkZurich(root, "train", "day", null, "GOPR0349_frame_000001");
        TinyData.darkZurich(root, "train", "twilight", null, "GOPR0350_frame_000002");
        TinyData.darkZurich(root, "train", "night", null, "GOPR0351_frame_000159", "GOPR0352_frame_000008");
        SegmentationDataset target = SegmentationDatasets.open("dark-zurich", root, Map.of("labelled", "false"));
        assertEquals(List.of("GOPR0351_frame_000159", "GOPR0352_frame_000008"), names(target));
        assertEquals(root.resolve("rgb_anon/train/night/GOPR0352/GOPR0352_frame_000008_rgb_anon.png"), target.imageFile(1));
        bad(root.resolve("gt"), () -> SegmentationDatasets.open("dark-zurich", root, Map.of()), "missing folder", "Dark Zurich's gt/",
                "unlabelled");
    }

    @Test
    void darkZurichValPairsImagesWithLabels() {
        Path root = TinyData.darkZurich(dir.resolve("dz"), "val", "night", TRAIN_IDS, "GOPR0356_frame_000321", "GOPR0356_frame_000339");
        SegmentationDataset val = SegmentationDatasets.open("dark-zurich", root, Map.of("split", "val", "size", "native"));
        assertEquals(List.of("GOPR0356_frame_000321", "GOPR0356_frame_000339"), names(val));
        assertEquals(root.resolve("gt/val/night/GOPR0356/GOPR0356_frame_000339_gt_labelTrainIds.png"), val.labelFile(1));
        assertStripes(val.get(0));
        bad(root.resolve("rgb_anon/test"), () -> SegmentationDatasets.open("dark-zurich", root, Map.of("split", "test")),
                "missing folder", "rgb_anon/test/night", "rgb_anon/ has: val");
    }
}
