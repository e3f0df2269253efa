package io.github.advent.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationScoresTest {
    /**
     * Ten images of three classes, by hand: class 0 has 5 images, 4 right; class 1 has 4, 1 right; class 2 has 1,
     * right. Top-1 = 6 / 10 = 60 %; per class 80, 25 and 100 %, mean 205 / 3 = 68.333... %.
     */
    @Test
    void topOneAndMeanPerClassAccuracyByHand() {
        int[] truth = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2};
        int[] predicted = {0, 0, 0, 0, 2, 1, 0, 0, 2, 2};
        ClassificationScores scores = new ClassificationScores(3);
        for (int i = 0; i < truth.length; i++) {
            scores.add(truth[i], predicted[i]);
        }
        assertEquals(10, scores.images());
        assertEquals(60.0, scores.top1(), 1e-12);
        assertEquals(80.0, scores.classAccuracy(0), 1e-12);
        assertEquals(25.0, scores.classAccuracy(1), 1e-12);
        assertEquals(100.0, scores.classAccuracy(2), 1e-12);
        assertEquals(205.0 / 3, scores.meanClassAccuracy(), 1e-12);
        assertEquals(2, scores.count(1, 0));
    }

    @Test
    void classesWithoutImagesAreLeftOutOfTheMeanAndSlicesAddUp() {
        ClassificationScores a = new ClassificationScores(4);
        a.add(0, 0);
        a.add(1, 0);
        ClassificationScores b = new ClassificationScores(4);
        b.add(1, 1);
        b.add(0, 3);
        a.addAll(b);
        assertEquals(50.0, a.top1(), 1e-12);
        assertTrue(Double.isNaN(a.classAccuracy(2)));
        assertEquals(50.0, a.meanClassAccuracy(), 1e-12, "classes 0 and 1 at 50 % each; 2 and 3 have no image");
        assertTrue(Double.isNaN(new ClassificationScores(2).top1()));
        assertThrows(IllegalArgumentException.class, () -> a.add(4, 0));
        assertThrows(IllegalArgumentException.class, () -> a.addAll(new ClassificationScores(3)));
    }
}
