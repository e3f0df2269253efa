package io.github.advent.classification.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.data.DatasetRegistry;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationDatasetsTest {
    @TempDir
    Path dir;

    private static void image(Path file, int value) throws Exception {
        Files.createDirectories(file.getParent());
        Image8 image = Image8.blank(20, 16, 3);
        java.util.Arrays.fill(image.data(), (byte) value);
        Images.writeRgb(file, image);
    }

    @Test
    void theThreeKindsAreRegistryKinds() {
        assertEquals(List.of("image-folder", "office-31", "visda-2017"), ClassificationDatasets.kinds());
        assertTrue(DatasetRegistry.optionKeys("office-31").contains("domain"));
        assertEquals(List.of("train", "validation"), DatasetRegistry.splits("visda-2017"));
    }

    @Test
    void imageFolderSortsClassesAndLabelsByThatOrder() throws Exception {
        image(dir.resolve("zebra/b.png"), 10);
        image(dir.resolve("zebra/a.jpg"), 20);
        image(dir.resolve("ant/x.png"), 30);
        Files.writeString(dir.resolve("ant/notes.txt"), "not an image");
        ClassificationDataset data = ClassificationDatasets.open("image-folder", dir, Map.of("size", "16"));
        assertEquals(List.of("ant", "zebra"), data.classes());
        assertEquals(3, data.size());
        assertEquals("ant/x", data.name(0));
        assertEquals("zebra/a", data.name(1));
        assertEquals(List.of(0, 1, 1), List.of(data.label(0), data.label(1), data.label(2)));
        ClassificationSample sample = data.get(0);
        assertEquals(3 * 16 * 16, sample.pixels().length);
        // a flat image stays flat: (30 / 255 - mean_c) / std_c in each channel
        assertEquals((30 / 255f - 0.485f) / 0.229f, sample.pixels()[0], 1e-5);
        assertEquals((30 / 255f - 0.406f) / 0.225f, sample.pixels()[2 * 256 + 17], 1e-5);
        ClassificationDataset target = ClassificationDatasets.open("image-folder", dir, Map.of("labelled", "false"));
        assertFalse(target.labelled());
        assertEquals(ClassificationSample.UNLABELLED, target.label(2));
    }

    @Test
    void preprocessingResizesTheShorterSideAndCropsTheCentre() {
        Image8 image = Image8.blank(32, 16, 3);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                java.util.Arrays.fill(image.data(), (y * 32 + x) * 3, (y * 32 + x) * 3 + 3, (byte) (x < 16 ? 0 : 255));
            }
        }
        // size 14: shorter side 16 = round(14 * 8 / 7) already, so no resampling; the crop starts at x = 9, y = 1
        float[] input = Preprocessing.toInput(image, 14);
        float black = (0 - 0.485f) / 0.229f;
        float white = (1 - 0.485f) / 0.229f;
        assertEquals(black, input[0], 1e-6);
        assertEquals(black, input[6], 1e-6, "x = 9 + 6 = 15 is the last black column");
        assertEquals(white, input[7], 1e-6);
    }

    @Test
    void office31ReadsADomainAndAsksForOne() throws Exception {
        image(dir.resolve("amazon/images/back_pack/frame_0001.jpg"), 1);
        image(dir.resolve("amazon/images/bike/frame_0001.jpg"), 2);
        image(dir.resolve("webcam/images/back_pack/frame_0002.jpg"), 3);
        image(dir.resolve("webcam/images/bike/frame_0003.jpg"), 4);
        ClassificationDataset webcam = ClassificationDatasets.open("office-31", dir, Map.of("domain", "webcam"));
        assertEquals("Office-31 webcam", webcam.description());
        assertEquals(List.of("back_pack/frame_0002", "bike/frame_0003"), List.of(webcam.name(0), webcam.name(1)));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ClassificationDatasets.open("office-31", dir, Map.of()));
        assertEquals("dataset 'office-31': option 'domain' is required (amazon, dslr or webcam)", none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ClassificationDatasets.open("office-31", dir, Map.of("domain", "phone")));
        assertEquals("dataset 'office-31': option 'domain': must be amazon, dslr or webcam, got 'phone'", bad.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> ClassificationDatasets.open("office-31", dir, Map.of("domain", "dslr")));
        assertTrue(missing.getMessage().contains("dslr"), missing.getMessage());
    }

    @Test
    void visdaReadsImageListsAndNamesTheirBadLines() throws Exception {
        Path split = dir.resolve("validation");
        image(split.resolve("car/0001.jpg"), 5);
        image(split.resolve("truck/0002.jpg"), 6);
        Files.writeString(split.resolve("image_list.txt"), "car/0001.jpg 3\ntruck/0002.jpg 11\n");
        ClassificationDataset data = ClassificationDatasets.open("visda-2017", dir, Map.of("split", "validation"));
        assertEquals(12, data.classes().size());
        assertEquals(List.of(3, 11), List.of(data.label(0), data.label(1)));
        assertEquals("car/0001", data.name(0));

        Files.writeString(split.resolve("image_list.txt"), "car/0001.jpg 3\ntruck/0002.jpg 12\n");
        BadInputException label = assertThrows(BadInputException.class,
                () -> ClassificationDatasets.open("visda-2017", dir, Map.of("split", "validation")));
        assertTrue(label.getMessage().contains("image_list.txt") && label.getMessage().contains("line 2: label '12'"),
                label.getMessage());
        Files.writeString(split.resolve("image_list.txt"), "car/0009.jpg 3\n");
        BadInputException image = assertThrows(BadInputException.class,
                () -> ClassificationDatasets.open("visda-2017", dir, Map.of("split", "validation")));
        assertTrue(image.getMessage().contains("line 1: image") && image.getMessage().contains("does not exist"),
                image.getMessage());
        assertThrows(BadInputException.class, () -> ClassificationDatasets.open("visda-2017", dir, Map.of()),
                "the train split is missing");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> ClassificationDatasets.open("visda-2017", dir, Map.of("domain", "amazon")));
        assertTrue(key.getMessage().startsWith("unknown option 'domain' for dataset 'visda-2017'"), key.getMessage());
    }
}
