package io.github.advent.eval.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each convention of docs/EVAL-PROTOCOLS.md that changes the number, on hand-made cases. */
class ApConventionsTest {
    static final Category CAR = new Category(1, "car");
    static final Category BUS = new Category(2, "bus");
    int nextId = 1;

    GroundTruthBox box(long image, double x, double y, double w, double h) {
        return new GroundTruthBox(nextId++, image, 1, x, y, w, h, w * h, false, false);
    }

    static Detection det(long image, double x, double y, double w, double h, double score, int order) {
        return new Detection(image, 1, x, y, w, h, score, order);
    }

    static DetectionGroundTruth truth(List<Long> images, List<GroundTruthBox> boxes) {
        return new DetectionGroundTruth(images, List.of(CAR, BUS), boxes);
    }

    static double ap(DetectionGroundTruth t, List<Detection> d, ApMetric m) {
        return DetectionEvaluator.evaluate(t, d, m, null).classes().get(0).ap();
    }

    @Test
    void vocBoxesAreInclusiveAndMatchStrictlyAboveHalf() {
        // corners (0,0)-(9,9) and (0,0)-(9,19): with +1, areas 100 and 200, intersection 100: IoU exactly 0.5
        DetectionGroundTruth t = truth(List.of(1L), List.of(box(1, 0, 0, 9, 9)));
        List<Detection> d = List.of(det(1, 0, 0, 9, 19, 0.9, 0));
        assertEquals(0.0, ap(t, d, ApMetric.VOC07), 1e-12); // not > 0.5
        assertEquals(0.0, ap(t, d, ApMetric.VOC), 1e-12);
        // without the +1 this pair has IoU 81 / 171 < 0.5 for COCO too; a COCO pair at exactly 0.5:
        DetectionGroundTruth t2 = truth(List.of(1L), List.of(box(1, 0, 0, 10, 10)));
        List<Detection> d2 = List.of(det(1, 0, 0, 10, 20, 0.9, 0));
        assertEquals(1.0, ap(t2, d2, ApMetric.COCO50), 1e-12); // >= 0.5 matches
        // VOC sees that pair as 121 / 231 > 0.5 (the +1 changes the number)
        assertEquals(1.0, ap(t2, d2, ApMetric.VOC), 1e-12);
    }

    @Test
    void elevenPointThresholdsAreIPointOneInFloatingPoint() {
        // recall reaches exactly 3/10 (0.29999999999999998...) and never more; at t = 3 * 0.1 =
        // 0.30000000000000004 there is no recall >= t, while t = 3 / 10.0 = 0.3 would find one
        double[] rec = {0.1, 0.2, 3.0 / 10};
        double[] prec = {1.0, 1.0, 1.0};
        assertTrue(3 * 0.1 > 3.0 / 10);
        assertEquals(3.0 / 11, VocAp.elevenPoint(rec, prec), 0.0); // t = 0, 0.1, 0.2 only
        double withDivision = 0;
        for (int i = 0; i <= 10; i++) {
            double t = i / 10.0;
            double p = 0;
            for (int k = 0; k < rec.length; k++) {
                if (rec[k] >= t) {
                    p = Math.max(p, prec[k]);
                }
            }
            withDivision += p / 11;
        }
        assertEquals(4.0 / 11, withDivision, 1e-15);
        assertNotEquals(withDivision, VocAp.elevenPoint(rec, prec));
    }

    @Test
    void allPointIsTheAreaUnderTheMonotoneEnvelope() {
        // precision 1, 0.5, 2/3 at recall 0.5, 0.5, 1 -> envelope 1 then 2/3: 0.5 * 1 + 0.5 * 2/3
        assertEquals(0.5 + 0.5 * 2 / 3.0, VocAp.allPoint(new double[] {0.5, 0.5, 1}, new double[] {1, 0.5, 2 / 3.0}),
                1e-15);
    }

    @Test
    void difficultBoxesAreNeitherFoundNorMissed() {
        GroundTruthBox normal = box(1, 0, 0, 50, 50);
        GroundTruthBox hard = new GroundTruthBox(nextId++, 1, 1, 100, 100, 50, 50, 2500, false, true);
        DetectionGroundTruth t = truth(List.of(1L), List.of(normal, hard));
        List<Detection> d = List.of(det(1, 100, 100, 50, 50, 0.95, 0), det(1, 0, 0, 50, 50, 0.9, 1));
        DetectionScores s = DetectionEvaluator.evaluate(t, d, ApMetric.VOC07, null);
        ClassAp c = s.classes().get(0);
        assertEquals(1, c.groundTruth());
        assertEquals(1, c.ignoredGroundTruth());
        assertEquals(1, c.truePositives());
        assertEquals(0, c.falsePositives()); // the detection on the difficult box is ignored
        assertEquals(1.0, c.ap(), 1e-12);
        // COCO ignores "difficult" (pycocotools has no such flag): two boxes to find, both found
        ClassAp coco = DetectionEvaluator.evaluate(t, d, ApMetric.COCO50, null).classes().get(0);
        assertEquals(2, coco.groundTruth());
        assertEquals(2, coco.truePositives());
        // and without the detection on it, the difficult box is a miss for COCO, not for VOC
        List<Detection> easyOnly = d.subList(1, 2);
        assertEquals(1.0, ap(t, easyOnly, ApMetric.VOC07), 1e-12);
        assertTrue(ap(t, easyOnly, ApMetric.COCO50) < 0.6);
    }

    @Test
    void duplicatesAreFalsePositivesAndImagesWithoutBoxesOnlyHaveThem() {
        DetectionGroundTruth t = truth(List.of(1L, 2L), List.of(box(1, 10, 10, 40, 40)));
        List<Detection> d = List.of(det(1, 10, 10, 40, 40, 0.9, 0), det(1, 11, 10, 40, 40, 0.8, 1),
                det(2, 10, 10, 40, 40, 0.7, 2));
        for (ApMetric m : ApMetric.values()) {
            ClassAp c = DetectionEvaluator.evaluate(t, d, m, null).classes().get(0);
            assertEquals(1, c.truePositives(), m.toString());
            assertEquals(2, c.falsePositives(), m.toString());
            assertEquals(1.0, c.ap(), 1e-12, m.toString()); // the TP comes first: precision 1 at recall 1
        }
    }

    @Test
    void noDetectionsGiveZeroAndNoBoxesGiveNanLeftOutOfTheMean() {
        GroundTruthBox carBox = box(1, 0, 0, 20, 20);
        DetectionGroundTruth t = truth(List.of(1L), List.of(carBox));
        List<Detection> busOnly = List.of(new Detection(1, 2, 0, 0, 20, 20, 0.9, 0));
        for (ApMetric m : ApMetric.values()) {
            DetectionScores s = DetectionEvaluator.evaluate(t, busOnly, m, null);
            assertEquals(0.0, s.classes().get(0).ap(), 1e-12, m.toString()); // car: boxes, no detections
            assertTrue(Double.isNaN(s.classes().get(1).ap()), m.toString()); // bus: detections, no boxes
            assertEquals(0.0, s.mean(), 1e-12, m.toString()); // the mean skips the bus
        }
    }

    @Test
    void cocoKeepsTheBestHundredDetectionsPerImage() {
        List<GroundTruthBox> boxes = new ArrayList<>();
        List<Detection> dets = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            boxes.add(box(1, 30 * i, 0, 20, 20));
        }
        for (int i = 0; i < 100; i++) {
            dets.add(det(1, 5000 + 30 * i, 500, 20, 20, 0.9 - i * 0.001, i)); // 100 misses
        }
        dets.add(det(1, 0, 0, 20, 20, 0.01, 100)); // a hit, ranked 101st in its image
        DetectionGroundTruth t = truth(List.of(1L), boxes);
        ClassAp coco = DetectionEvaluator.evaluate(t, dets, ApMetric.COCO50, null).classes().get(0);
        assertEquals(100, coco.detections());
        assertEquals(0, coco.truePositives());
        assertEquals(0.0, coco.ap(), 1e-12);
        ClassAp voc = DetectionEvaluator.evaluate(t, dets, ApMetric.VOC, null).classes().get(0);
        assertEquals(101, voc.detections()); // VOC has no such limit
        assertEquals(1, voc.truePositives());
    }

    @Test
    void cocoCrowdRegionsAbsorbDetectionsAndAreNotCounted() {
        GroundTruthBox crowd = new GroundTruthBox(nextId++, 1, 1, 0, 0, 100, 100, 10000, true, false);
        DetectionGroundTruth t = truth(List.of(1L), List.of(box(1, 200, 200, 20, 20), crowd));
        List<Detection> d = List.of(det(1, 10, 10, 20, 20, 0.95, 0), det(1, 40, 40, 20, 20, 0.9, 1),
                det(1, 200, 200, 20, 20, 0.5, 2));
        ClassAp c = DetectionEvaluator.evaluate(t, d, ApMetric.COCO50, null).classes().get(0);
        assertEquals(1, c.groundTruth());
        assertEquals(1, c.truePositives());
        assertEquals(0, c.falsePositives()); // both detections inside the crowd are ignored
        assertEquals(1.0, c.ap(), 1e-12);
    }

    @Test
    void cocoRecallThresholdsAreLinspace() {
        double[] t = CocoAp50.recallThresholds();
        assertEquals(101, t.length);
        assertEquals(0.0, t[0]);
        assertEquals(1.0, t[100]);
        assertEquals(0.07, t[7], 0.0); // 7 * 0.01 = 0.07 exactly in double
        assertEquals(0.29, t[29], 0.0);
        assertArrayEquals(new double[] {0.0, 0.01, 0.02}, java.util.Arrays.copyOf(t, 3));
    }

    @Test
    void cocoRefusesAnnotationIdZeroThatPycocotoolsWouldMisScore() {
        GroundTruthBox zero = new GroundTruthBox(0, 1, 1, 0, 0, 10, 10, 100, false, false);
        DetectionGroundTruth t = truth(List.of(1L), List.of(zero));
        List<Detection> d = List.of(det(1, 0, 0, 10, 10, 0.9, 0));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DetectionEvaluator.evaluate(t, d, ApMetric.COCO50, java.nio.file.Path.of("gt.json")));
        assertTrue(e.getMessage().startsWith("gt.json: annotation id 0"), e.getMessage());
        assertEquals(1.0, ap(t, d, ApMetric.VOC07), 1e-12); // VOC does not look at ids
    }

    @Test
    void tiedScoresKeepFileOrder() {
        DetectionGroundTruth t = truth(List.of(1L), List.of(box(1, 0, 0, 20, 20)));
        List<Detection> missFirst = List.of(det(1, 500, 500, 20, 20, 0.5, 0), det(1, 0, 0, 20, 20, 0.5, 1));
        List<Detection> hitFirst = List.of(det(1, 0, 0, 20, 20, 0.5, 0), det(1, 500, 500, 20, 20, 0.5, 1));
        for (ApMetric m : ApMetric.values()) {
            assertEquals(1.0, ap(t, hitFirst, m), 1e-12, m.toString());
            assertTrue(ap(t, missFirst, m) < 1.0, m.toString());
        }
    }
}
