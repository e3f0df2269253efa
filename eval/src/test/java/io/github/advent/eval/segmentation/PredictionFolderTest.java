package io.github.advent.eval.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.testing.TinyCityscapes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionFolderTest {
    @TempDir
    Path tmp;

    Path gt() {
        Path root = tmp.resolve("cs");
        TinyCityscapes.label(root, "frankfurt_000000_000001", 4, 2, 7);
        TinyCityscapes.label(root, "lindau_000000_000002", 4, 2, 8);
        TinyCityscapes.label(root, "munster_000003_000004", 4, 2, 11);
        return root;
    }

    @Test
    void predictionsMayBeFlatOrInCityFoldersAndOtherFilesAreLeftAlone() throws Exception {
        List<LabelledImage> images = CityscapesGroundTruth.find(gt(), "val");
        assertEquals(List.of("frankfurt_000000_000001", "lindau_000000_000002", "munster_000003_000004"),
                images.stream().map(LabelledImage::id).toList());
        Path p = tmp.resolve("pred");
        TinyCityscapes.prediction(p, false, "frankfurt_000000_000001", 4, 2, 0);
        TinyCityscapes.prediction(p, true, "lindau_000000_000002", 4, 2, 1);
        Files.createDirectories(p.resolve("munster"));
        TinyCityscapes.label(tmp.resolve("unused"), "munster_000003_000004", 4, 2, 2);
        Files.copy(tmp.resolve("unused/gtFine/val/munster/munster_000003_000004_gtFine_labelIds.png"),
                p.resolve("munster/munster_000003_000004_leftImg8bit_foggy_beta_0.02.png"));
        Files.writeString(p.resolve("README.txt"), "not a prediction");
        Files.writeString(p.resolve("frankfurt_000000_000001_leftImg8bit_color.png"), "a colour rendering");
        PredictionFolder folder = PredictionFolder.index(p);
        assertEquals(3, folder.size());
        folder.checkPairs(images);
        SegmentationScores s = SegmentationEvaluator.evaluate(images, folder, ClassSet.CITYSCAPES_19,
                SegmentationEvaluator.Options.withThreads(2), SegmentationEvaluator.Progress.NONE);
        assertEquals(1.0, s.iou()[0]);
        assertEquals(1.0, s.iou()[1]);
        assertEquals(1.0, s.iou()[2]);
        assertEquals(1.0, s.mainMean());
    }

    @Test
    void aLabelWithoutPredictionIsReportedByItsFile() {
        List<LabelledImage> images = CityscapesGroundTruth.find(gt(), "val");
        Path p = tmp.resolve("pred");
        TinyCityscapes.prediction(p, false, "frankfurt_000000_000001", 4, 2, 0);
        TinyCityscapes.prediction(p, false, "munster_000003_000004", 4, 2, 0);
        BadInputException e = assertThrows(BadInputException.class, () -> PredictionFolder.index(p).checkPairs(images));
        assertEquals(images.get(1).labelFile(), e.file());
        assertTrue(e.getMessage().contains("no prediction") && e.getMessage().contains("1 of 3"), e.getMessage());
    }

    @Test
    void aPredictionWithoutLabelIsReportedByItsFile() {
        List<LabelledImage> images = CityscapesGroundTruth.find(gt(), "val");
        Path p = tmp.resolve("pred");
        for (LabelledImage i : images) {
            TinyCityscapes.prediction(p, true, i.id(), 4, 2, 0);
        }
        Path extra = TinyCityscapes.prediction(p, false, "bremen_000000_000009", 4, 2, 0);
        BadInputException e = assertThrows(BadInputException.class, () -> PredictionFolder.index(p).checkPairs(images));
        assertEquals(extra, e.file());
        assertTrue(e.getMessage().contains("prediction without a label"), e.getMessage());
    }

    @Test
    void twoPredictionsForOneImageAreRefused() {
        Path p = tmp.resolve("pred");
        TinyCityscapes.prediction(p, false, "frankfurt_000000_000001", 4, 2, 0);
        TinyCityscapes.prediction(p, true, "frankfurt_000000_000001", 4, 2, 0);
        BadInputException e = assertThrows(BadInputException.class, () -> PredictionFolder.index(p));
        assertTrue(e.getMessage().contains("a second prediction for frankfurt_000000_000001"), e.getMessage());
    }

    @Test
    void missingFoldersAndLayoutsAreNamed() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> PredictionFolder.index(tmp.resolve("nope")));
        assertEquals(tmp.resolve("nope"), e.file());
        Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(BadInputException.class, () -> PredictionFolder.index(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("no prediction PNGs"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> CityscapesGroundTruth.find(tmp.resolve("empty"), "val"));
        assertTrue(e.getMessage().contains("gtFine/val"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty/gtFine/val/aachen"));
        e = assertThrows(BadInputException.class, () -> CityscapesGroundTruth.find(tmp.resolve("empty"), "val"));
        assertTrue(e.getMessage().contains("no *_gtFine_labelIds.png"), e.getMessage());
    }
}
