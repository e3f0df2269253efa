package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.advent.entropy.io.Image8;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionViewsTest {
    @Test
    void aWideSceneBecomesSquareViewsWithTheirOwnPixels() {
        Image8 image = Image8.blank(8, 4, 3);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                image.set(x, y, 0, 10 * y + x);
            }
        }
        List<DetectionViews.View> views = DetectionViews.of(new Scene(image, new int[32], new float[32], List.of()));
        assertEquals(2, views.size());
        assertEquals(4, views.get(1).image().width());
        assertEquals(4, views.get(1).image().height());
        assertEquals(10 * 3 + 4 + 2, views.get(1).image().get(2, 3, 0), "the right view starts at x = 4");
        assertEquals(10 * 3 + 2, views.get(0).image().get(2, 3, 0));
    }

    @Test
    void boxesAreCutAtTheViewEdgeAndSmallRemnantsAreDifficult() {
        // a 256-wide scene, views [0, 128) and [128, 256): difficult under 5 pixels or half the object's width
        List<Scene.Box> boxes = List.of(
                new Scene.Box(DemoClass.CAR, 100, 60, 140, 80, false), // 28 px left, 12 px right (of 40)
                new Scene.Box(DemoClass.PERSON, 125, 50, 133, 70, false), // 3 px left, 5 px right (of 8)
                new Scene.Box(DemoClass.PERSON, 10, 50, 16, 70, true)); // wholly left, already difficult
        assertEquals(List.of(
                new Scene.Box(DemoClass.CAR, 100, 60, 128, 80, false),
                new Scene.Box(DemoClass.PERSON, 125, 50, 128, 70, true),
                new Scene.Box(DemoClass.PERSON, 10, 50, 16, 70, true)), DetectionViews.boxes(boxes, 0, 128, 256));
        assertEquals(List.of(
                new Scene.Box(DemoClass.CAR, 0, 60, 12, 80, true),
                new Scene.Box(DemoClass.PERSON, 0, 50, 5, 70, false)), DetectionViews.boxes(boxes, 128, 128, 256));
    }
}
