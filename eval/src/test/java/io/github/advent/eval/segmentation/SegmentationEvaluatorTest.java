package io.github.advent.eval.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.testing.TinyCityscapes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationEvaluatorTest {
    @TempDir
    Path tmp;

    SegmentationScores run(Path root, Path predictions, ClassSet set, int threads) {
        List<LabelledImage> images = CityscapesGroundTruth.find(root, "val");
        PredictionFolder folder = PredictionFolder.index(predictions);
        folder.checkPairs(images);
        return SegmentationEvaluator.evaluate(images, folder, set, SegmentationEvaluator.Options.withThreads(threads),
                SegmentationEvaluator.Progress.NONE);
    }

    @Test
    void aPredictionOfAnotherSizeIsBadInputNamingIt() {
        Path root = tmp.resolve("cs");
        TinyCityscapes.label(root, "frankfurt_000000_000001", 8, 4, 7);
        Path pred = TinyCityscapes.prediction(tmp.resolve("p"), false, "frankfurt_000000_000001", 4, 2, 0);
        BadInputException e = assertThrows(BadInputException.class,
                () -> run(root, tmp.resolve("p"), ClassSet.CITYSCAPES_19, 1));
        assertEquals(pred, e.file());
        assertTrue(e.getMessage().contains("is 4x2 but its label") && e.getMessage().contains("is 8x4"), e.getMessage());
    }

    @Test
    void aClassIdOutsideTheSetIsBadInputNamingThePredictionEvenOnIgnoredPixels() {
        Path root = tmp.resolve("cs");
        TinyCityscapes.label(root, "frankfurt_000000_000001", 4, 2, 0); // all unlabeled (ignored)
        Path pred = TinyCityscapes.prediction(tmp.resolve("p"), false, "frankfurt_000000_000001", 4, 2, 3, 19);
        BadInputException e = assertThrows(BadInputException.class,
                () -> run(root, tmp.resolve("p"), ClassSet.CITYSCAPES_19, 2));
        assertEquals(pred, e.file());
        assertTrue(e.getMessage().contains("class id 19 at pixel (x 1, y 0)")
                && e.getMessage().contains("train ids 0-18"), e.getMessage());
        // 16 is a train id of the 19-class set but not of the SYNTHIA one
        Path p16 = TinyCityscapes.prediction(tmp.resolve("p16"), false, "frankfurt_000000_000001", 4, 2, 16);
        e = assertThrows(BadInputException.class, () -> run(root, tmp.resolve("p16"), ClassSet.SYNTHIA_16, 1));
        assertEquals(p16, e.file());
        assertTrue(e.getMessage().contains("train ids 0-15"), e.getMessage());
    }

    @Test
    void aLabelValueThatIsNoCityscapesIdIsBadInputNamingTheLabel() {
        Path root = tmp.resolve("cs");
        Path label = TinyCityscapes.label(root, "frankfurt_000000_000001", 4, 2, 7, 7, 7, 7, 7, 40);
        TinyCityscapes.prediction(tmp.resolve("p"), false, "frankfurt_000000_000001", 4, 2, 0);
        BadInputException e = assertThrows(BadInputException.class,
                () -> run(root, tmp.resolve("p"), ClassSet.CITYSCAPES_19, 1));
        assertEquals(label, e.file());
        assertTrue(e.getMessage().contains("label value 40 at pixel (x 1, y 1)"), e.getMessage());
    }

    @Test
    void theEarliestFailingImageIsReportedWhateverTheThreads() {
        Path root = tmp.resolve("cs");
        Path p = tmp.resolve("p");
        Path firstBad = null;
        for (int i = 0; i < 30; i++) {
            String id = String.format("aachen_000000_%06d", i);
            TinyCityscapes.label(root, id, 4, 2, 7);
            Path f = TinyCityscapes.prediction(p, false, id, 4, 2, i % 7 == 5 ? 30 : 0);
            if (firstBad == null && i % 7 == 5) {
                firstBad = f;
            }
        }
        for (int threads = 1; threads <= 4; threads++) {
            int t = threads;
            BadInputException e = assertThrows(BadInputException.class, () -> run(root, p, ClassSet.CITYSCAPES_19, t));
            assertEquals(firstBad, e.file());
        }
    }

    @Test
    void manyImagesOnAnyNumberOfThreadsGiveTheSameMatrix() {
        Path root = tmp.resolve("cs");
        Path p = tmp.resolve("p");
        List<LabelledImage> images = SyntheticCityscapes.write(root, "val", p, 24, 96, 48, 7, 2, n -> { });
        ConfusionMatrix one = run(root, p, ClassSet.CITYSCAPES_19, 1).matrix();
        assertEquals(24L * 96 * 48, one.total() + ignoredPixels(images));
        for (int threads : new int[] {2, 3, 5}) {
            assertEquals(one, run(root, p, ClassSet.CITYSCAPES_19, threads).matrix());
        }
        AtomicInteger calls = new AtomicInteger();
        SegmentationEvaluator.evaluate(images, PredictionFolder.index(p), ClassSet.CITYSCAPES_19,
                new SegmentationEvaluator.Options(2, 1), done -> calls.incrementAndGet());
        assertEquals(24, calls.get());
    }

    long ignoredPixels(List<LabelledImage> images) {
        int[] lut = ClassSet.CITYSCAPES_19.labelIdToTrainId();
        long n = 0;
        for (LabelledImage i : images) {
            LabelImage l = io.github.advent.eval.io.LabelPng.read(i.labelFile(), null);
            for (int k = 0; k < l.pixels(); k++) {
                if (lut[l.get(k)] == ClassSet.IGNORE) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aPredictorThatIsNotThreadSafeIsCalledOneAtATime() {
        Path root = tmp.resolve("cs");
        for (int i = 0; i < 12; i++) {
            TinyCityscapes.label(root, String.format("aachen_000000_%06d", i), 4, 2, 7, 8);
        }
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        SegmentationPredictor model = new SegmentationPredictor() {
            @Override
            public LabelImage predict(LabelledImage image, int width, int height, LabelImage reuse) {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
                return TinyCityscapes.image(width, height, 0, 1);
            }

            @Override
            public String describe() {
                return "a toy model";
            }
        };
        SegmentationScores s = SegmentationEvaluator.evaluate(CityscapesGroundTruth.find(root, "val"), model,
                ClassSet.CITYSCAPES_19, SegmentationEvaluator.Options.withThreads(3), SegmentationEvaluator.Progress.NONE);
        assertEquals(1, maxInside.get());
        assertEquals(1.0, s.mainMean());
    }
}
