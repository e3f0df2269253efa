package io.github.advent.segmentation.data;

import static io.github.advent.segmentation.data.TinyData.H;
import static io.github.advent.segmentation.data.TinyData.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.RawPng;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code folder=ROOT} as an unlabelled target: any images under ROOT, at any depth. */
class FolderTargetTest {
    private static final Map<String, String> UNLABELLED = Map.of("labelled", "false");

    @TempDir
    Path dir;

    private static List<String> names(SegmentationDataset dataset) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            names.add(dataset.name(i));
        }
        return names;
    }

    private static void jpeg(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB), "jpg", file.toFile());
    }

    @Test
    void takesEveryPngAndJpegUnderTheRootSortedByRelativePath() throws Exception {
        Path root = dir.resolve("dashcam");
        RawPng.rgb8(root.resolve("day2/000001.png"), W, H, TinyData.rgb(W, H, 1));
        jpeg(root.resolve("day1/clip3/000042.jpg"));
        jpeg(root.resolve("day1/000007.jpeg"));
        RawPng.rgb8(root.resolve("top.png"), W, H, TinyData.rgb(W, H, 2));
        TinyData.write(root.resolve("day1/notes.txt"), "not an image");
        RawPng.rgb8(root.resolve(".thumbnails/x.png"), W, H, TinyData.rgb(W, H, 3));
        RawPng.rgb8(root.resolve("day2/.hidden.png"), W, H, TinyData.rgb(W, H, 4));
        SegmentationDataset target = SegmentationDatasets.open("folder", root, UNLABELLED);
        assertEquals(List.of("day1/000007", "day1/clip3/000042", "day2/000001", "top"), names(target));
        assertEquals(root.resolve("day1/clip3/000042.jpg"), target.imageFile(1));
        assertNull(target.labelFile(0));
        assertFalse(target.labelled());
        SegmentationSample sample = target.get(2);
        assertEquals(W, sample.width(), "own size unless size= is given");
        assertFalse(sample.labelled());
    }

    @Test
    void aFileListPicksAndOrdersImagesByRelativePath() throws Exception {
        Path root = dir.resolve("dashcam");
        jpeg(root.resolve("a/1.jpg"));
        jpeg(root.resolve("a/2.jpg"));
        jpeg(root.resolve("b/1.jpg"));
        Path list = TinyData.write(dir.resolve("list.txt"), "# night frames\nb/1.jpg\na\\2.jpg\n");
        SegmentationDataset listed = SegmentationDatasets.open("folder", root, Map.of("labelled", "false", "list", list.toString()));
        assertEquals(List.of("b/1", "a/2"), names(listed));
        Path wrong = TinyData.write(dir.resolve("wrong.txt"), "a/1.jpg\nc/9.jpg\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SegmentationDatasets.open("folder", root, Map.of("labelled", "false", "list", wrong.toString())));
        assertEquals(wrong + ": line 2: no image 'c/9.jpg' (sample 'c/9') in " + root, e.getMessage());
    }

    @Test
    void theLabelledLayoutStillPairsImagesAndLabelsAndItsImagesFolderIsTheTarget() {
        Path root = dir.resolve("mine");
        RawPng.rgb8(root.resolve("images/a.png"), W, H, TinyData.rgb(W, H, 1));
        RawPng.grey8(root.resolve("labels/a.png"), W, H, TinyData.stripes(W, H, TinyData.CITYSCAPES_STRIPES_TRAIN));
        SegmentationDataset source = SegmentationDatasets.open("folder", root, Map.of());
        assertEquals(root.resolve("labels/a.png"), source.labelFile(0));
        assertEquals(TinyData.CITYSCAPES_STRIPES_TRAIN[3], source.get(0).label(0, 12));
        SegmentationDataset target = SegmentationDatasets.open("folder", root, UNLABELLED);
        assertEquals(List.of("a"), names(target), "labels/ is not read as images");
        assertEquals(root.resolve("images/a.png"), target.imageFile(0));
    }

    @Test
    void aFolderWithoutImagesOrWithTwoImagesOfOneNameIsBadInput() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty/sub"));
        TinyData.write(empty.resolve("readme.txt"), "x");
        BadInputException none = assertThrows(BadInputException.class,
                () -> SegmentationDatasets.open("folder", empty.getParent(), UNLABELLED));
        assertEquals(empty.getParent() + ": no images found (looked for *.jpeg, *.jpg, *.png in this folder and its sub-folders)",
                none.getMessage());
        Path twice = dir.resolve("twice");
        jpeg(twice.resolve("x/a.jpg"));
        RawPng.rgb8(twice.resolve("x/a.png"), W, H, TinyData.rgb(W, H, 1));
        BadInputException e = assertThrows(BadInputException.class, () -> SegmentationDatasets.open("folder", twice, UNLABELLED));
        assertEquals(twice.resolve("x/a.png"), e.file());
        assertTrue(e.getMessage().endsWith("two images named 'x/a' (the other is a.jpg); keep one"), e.getMessage());
    }
}
