package io.github.advent.eval.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.advent.eval.testing.EvalFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mIoU on generated fixtures equals what the Cityscapes scripts and ADVENT's fast_hist /
 * per_class_iu / nanmean give (numbers computed by make_eval_fixtures.py with those scripts).
 */
class SegmentationFixtureTest {
    static final double TOLERANCE = 1e-9;
    static final JsonObject REF = EvalFixtures.json("segmentation/reference.json");
    static final Path ROOT = EvalFixtures.path("segmentation/cityscapes");

    static SegmentationScores score(String predictions, ClassSet set, int threads) {
        List<LabelledImage> images = CityscapesGroundTruth.find(ROOT, "val");
        PredictionFolder folder = PredictionFolder.index(EvalFixtures.path("segmentation/" + predictions));
        folder.checkPairs(images);
        return SegmentationEvaluator.evaluate(images, folder, set, SegmentationEvaluator.Options.withThreads(threads),
                SegmentationEvaluator.Progress.NONE);
    }

    static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int c = 0; c < expected.length; c++) {
            if (Double.isNaN(expected[c])) {
                assertTrue(Double.isNaN(actual[c]), "class " + c + ": expected NaN, got " + actual[c]);
            } else {
                assertEquals(expected[c], actual[c], TOLERANCE, "class " + c);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void nineteenClassesMatchTheCityscapesScriptsAndAdvent(int threads) {
        SegmentationScores s = score("predictions19", ClassSet.CITYSCAPES_19, threads);
        assertEquals(8, s.images());
        JsonObject cs = REF.getAsJsonObject("cityscapesScripts19");
        JsonObject advent = REF.getAsJsonObject("advent19");
        assertClose(EvalFixtures.doubles(cs.getAsJsonArray("iou")), s.iou());
        assertClose(EvalFixtures.doubles(advent.getAsJsonArray("iou")), s.iou());
        assertEquals(cs.get("mean").getAsDouble(), s.mainMean(), TOLERANCE);
        assertEquals(advent.get("mean").getAsDouble(), s.mainMean(), TOLERANCE);
        assertArrayEquals(EvalFixtures.longMatrix(advent.getAsJsonArray("confusion")), s.matrix().toArray());
        // the fixture's corner cases: rider and train absent from labels and predictions (NaN, out of
        // the mean), truck predicted but absent from the labels (IoU 0, in the mean)
        assertTrue(Double.isNaN(s.iou()[12]));
        assertTrue(Double.isNaN(s.iou()[16]));
        assertEquals(0.0, s.iou()[14]);
        assertEquals(0, s.matrix().rowSum(14));
        assertTrue(s.matrix().columnSum(14) > 0);
        assertEquals(List.of("mIoU-19"), s.means().stream().map(SegmentationScores.Mean::name).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void sixteenAndThirteenClassesMatchAdventsHistogramOnTheSixteenClassMap(int threads) {
        SegmentationScores s = score("predictions16", ClassSet.SYNTHIA_16, threads);
        JsonObject advent = REF.getAsJsonObject("advent16");
        assertEquals(16, s.matrix().classes());
        assertArrayEquals(EvalFixtures.longMatrix(advent.getAsJsonArray("confusion")), s.matrix().toArray());
        assertClose(EvalFixtures.doubles(advent.getAsJsonArray("iou")), s.iou());
        assertEquals(List.of("mIoU-16", "mIoU-13"), s.means().stream().map(SegmentationScores.Mean::name).toList());
        assertEquals(advent.get("mean16").getAsDouble(), s.means().get(0).value(), TOLERANCE);
        assertEquals(advent.get("mean13").getAsDouble(), s.means().get(1).value(), TOLERANCE);
        // wall, fence, pole are in the matrix (counted) but not in the 13-class mean
        for (int c = 3; c <= 5; c++) {
            assertTrue(s.matrix().rowSum(c) > 0, "class " + c + " counted");
        }
        assertTrue(Double.isNaN(s.iou()[11]), "rider absent: NaN");
    }
}
