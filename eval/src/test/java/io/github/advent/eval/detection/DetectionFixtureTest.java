package io.github.advent.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.advent.eval.testing.EvalFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AP on generated fixtures equals py-faster-rcnn's voc_eval (11-point and all-point) and
 * pycocotools' AP50 (numbers computed by make_eval_fixtures.py with those scripts). The fixture
 * has duplicates, difficult and crowd boxes, images without boxes, a class without detections, a
 * class with detections and no boxes, a class with neither, more than 100 detections on one image,
 * and boxes at exactly IoU 0.5 under each convention.
 */
class DetectionFixtureTest {
    static final double TOLERANCE = 1e-6;
    static final JsonObject REF = EvalFixtures.json("detection/reference.json");

    static DetectionScores score(String gt, String results, ApMetric metric) {
        Path gtFile = EvalFixtures.path("detection/" + gt);
        DetectionGroundTruth truth = CocoJson.readGroundTruth(gtFile);
        List<Detection> dets = CocoJson.readDetections(EvalFixtures.path("detection/" + results), truth, gtFile);
        return DetectionEvaluator.evaluate(truth, dets, metric, gtFile);
    }

    @Test
    void fixtureIsWhatTheReferenceSaw() {
        DetectionScores s = score("gt.json", "results.json", ApMetric.VOC07);
        assertEquals(REF.get("images").getAsInt(), s.images());
        assertEquals(REF.get("boxes").getAsInt(), s.boxes());
        assertEquals(REF.get("detections").getAsInt(), s.detections());
    }

    @Test
    void vocElevenPointEqualsVocEval() {
        checkVoc(ApMetric.VOC07, REF.getAsJsonObject("voc07"));
    }

    @Test
    void vocAllPointEqualsVocEval() {
        checkVoc(ApMetric.VOC, REF.getAsJsonObject("voc"));
    }

    void checkVoc(ApMetric metric, JsonObject ref) {
        DetectionScores s = score("gt.json", "results.json", metric);
        JsonArray aps = ref.getAsJsonArray("ap");
        JsonArray npos = ref.getAsJsonArray("npos");
        for (int k = 0; k < s.classes().size(); k++) {
            ClassAp c = s.classes().get(k);
            assertEquals(npos.get(k).getAsInt(), c.groundTruth(), c.category().name());
            if (c.groundTruth() == 0) {
                // no box to find: no AP here, left out of the mean (voc_eval divides by zero)
                assertTrue(Double.isNaN(c.ap()), c.category().name());
            } else {
                assertEquals(aps.get(k).getAsDouble(), c.ap(), TOLERANCE, c.category().name());
            }
        }
        assertEquals(ref.get("mean_over_classes_with_ground_truth").getAsDouble(), s.mean(), TOLERANCE);
        ClassAp motorcycle = s.classes().get(6);
        assertEquals("motorcycle", motorcycle.category().name());
        assertEquals(0, motorcycle.detections());
        assertEquals(0.0, motorcycle.ap());
    }

    @Test
    void cocoAp50EqualsPycocotools() {
        checkCoco(score("gt.json", "results.json", ApMetric.COCO50), REF.getAsJsonObject("coco50"));
    }

    @Test
    void cocoAp50WithTiesAndCrowdsEqualsPycocotools() {
        checkCoco(score("ties_gt.json", "ties_results.json", ApMetric.COCO50),
                EvalFixtures.json("detection/ties_reference.json").getAsJsonObject("coco50"));
    }

    void checkCoco(DetectionScores s, JsonObject ref) {
        double[] aps = EvalFixtures.doubles(ref.getAsJsonArray("ap"));
        assertEquals(aps.length, s.classes().size());
        for (int k = 0; k < aps.length; k++) {
            ClassAp c = s.classes().get(k);
            assertEquals(ref.getAsJsonArray("category_ids").get(k).getAsLong(), c.category().id());
            if (Double.isNaN(aps[k])) {
                assertTrue(Double.isNaN(c.ap()), c.category().name());
            } else {
                assertEquals(aps[k], c.ap(), TOLERANCE, c.category().name());
            }
        }
        assertEquals(ref.get("mean").getAsDouble(), s.mean(), TOLERANCE);
    }

    @Test
    void theThreeMetricsDiffer() {
        double voc07 = score("gt.json", "results.json", ApMetric.VOC07).mean();
        double voc = score("gt.json", "results.json", ApMetric.VOC).mean();
        double coco = score("gt.json", "results.json", ApMetric.COCO50).mean();
        assertTrue(voc07 != voc && voc != coco && voc07 != coco, voc07 + " " + voc + " " + coco);
    }
}
