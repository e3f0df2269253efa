package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreetScenesTest {
    private static final Camera CAMERA = new Camera(1.5, 0.5, 1.0); // 200x100: f = 200, u0 = 100, v0 = 50

    @Test
    void emptyStreetHasSkyAboveTheFarPlaneAndRoadWidthGrowingAsThePinholeModelSays() {
        StreetLayout empty = new StreetLayout(4.0, 2.0, List.of(), List.of());
        SceneGeometry g = StreetRenderer.render(empty, CAMERA, 200, 100);
        for (int y = 0; y < 100; y++) {
            double dy = (y + 0.5 - 50) / 200.0;
            boolean ground = dy > 0 && 1.5 / dy < StreetLayout.FAR * 1.5;
            int road = 0;
            int sky = 0;
            for (int x = 0; x < 200; x++) {
                int c = g.classes()[y * 200 + x];
                road += c == DemoClass.ROAD.ordinal() ? 1 : 0;
                sky += c == DemoClass.SKY.ordinal() ? 1 : 0;
            }
            if (!ground) {
                assertEquals(200, sky, "row " + y);
                continue;
            }
            int expectedRoad = 0; // |lateral| = |x + 0.5 - u0| / f * h / dy < half width
            for (int x = 0; x < 200; x++) {
                expectedRoad += Math.abs((x + 0.5 - 100) / 200.0 * (1.5 / dy)) < 4.0 ? 1 : 0;
            }
            assertEquals(expectedRoad, road, "row " + y);
        }
        // the bottom row's centre pixel: z = h / dy, distance along the ray
        double dy = 49.5 / 200.0;
        double dx = 0.5 / 200.0;
        assertEquals((float) (1.5 / dy * Math.sqrt(1 + dx * dx + dy * dy)), g.distance()[99 * 200 + 100], 1e-4f);
    }

    @Test
    void aCarsBoxIsItsProjectedCard() {
        // a 2 m wide, 1.5 m high car 10 m ahead: card x in [100 - 20, 100 + 20), y in [50, 80)
        StreetLayout layout = new StreetLayout(4.0, 2.0, List.of(),
                List.of(new StreetLayout.Upright(DemoClass.CAR, 0, 10, 2, 1.5, 0)));
        SceneGeometry g = StreetRenderer.render(layout, CAMERA, 200, 100);
        assertEquals(List.of(new Scene.Box(DemoClass.CAR, 80, 50, 120, 80, false)), StreetScenes.boxes(g, layout));
        assertEquals(DemoClass.CAR.ordinal(), g.classes()[79 * 200 + 80]);
        assertEquals(DemoClass.SKY.ordinal(), g.classes()[50 * 200 + 80], "the cabin is narrower than the body");
        assertEquals(10f, g.distance()[70 * 200 + 100], 0.01f);
    }

    @Test
    void smallObjectsAreDifficult() {
        // 100 px high image: difficult below 10/128 of it (7.8 px). A 1.5 m high car spans rows [50, 50 + 300 / z).
        StreetLayout layout = new StreetLayout(4.0, 2.0, List.of(), List.of(
                new StreetLayout.Upright(DemoClass.CAR, -3, 20, 2, 1.5, 0),
                new StreetLayout.Upright(DemoClass.CAR, 0, 30, 2, 1.5, 0),
                new StreetLayout.Upright(DemoClass.CAR, 3, 40, 2, 1.5, 0),
                new StreetLayout.Upright(DemoClass.CAR, 6, 50, 2, 1.5, 0)));
        List<Scene.Box> boxes = StreetScenes.boxes(StreetRenderer.render(layout, CAMERA, 200, 100), layout);
        assertEquals(List.of(15, 10, 7, 6), boxes.stream().map(Scene.Box::height).toList());
        assertEquals(List.of(false, false, true, true), boxes.stream().map(Scene.Box::difficult).toList());
    }

    @Test
    void nearerObjectsHideFartherOnesAndHiddenObjectsGetNoBox() {
        StreetLayout layout = new StreetLayout(4.0, 2.0, List.of(), List.of(
                new StreetLayout.Upright(DemoClass.PERSON, 0, 20, 0.6, 1.0, 0), // behind the car, fully hidden
                new StreetLayout.Upright(DemoClass.CAR, 0, 10, 2, 1.5, 0)));
        SceneGeometry g = StreetRenderer.render(layout, CAMERA, 200, 100);
        List<Scene.Box> boxes = StreetScenes.boxes(g, layout);
        assertEquals(1, boxes.size(), boxes::toString);
        assertEquals(DemoClass.CAR, boxes.get(0).kind());
        assertFalse(Arrays.stream(g.classes()).anyMatch(c -> c == DemoClass.PERSON.ordinal()));
    }

    @Test
    void aFacadeStandsWhereItsPlaneMeetsTheRay() {
        // right facade at x = 6 m from z = 5 to 50, 10 m high; the pixel column x = 160 (dx = 0.3025) hits it at z = 19.83
        StreetLayout layout = new StreetLayout(4.0, 2.0, List.of(new StreetLayout.Block(6, 5, 50, 10, 0)), List.of());
        SceneGeometry g = StreetRenderer.render(layout, CAMERA, 200, 100);
        double dx = (160 + 0.5 - 100) / 200.0;
        double z = 6 / dx;
        for (int y = 0; y < 100; y++) {
            double above = 1.5 - (y + 0.5 - 50) / 200.0 * z;
            boolean facade = above >= 0 && above <= 10;
            assertEquals(facade, g.classes()[y * 200 + 160] == DemoClass.BUILDING.ordinal(), "row " + y);
        }
    }

    @Test
    void scenesAreDeterministicInDomainAndSeed() {
        Scene a = StreetScenes.generate(DomainStyle.realistic(), 42, 96, 48);
        Scene b = StreetScenes.generate(DomainStyle.realistic(), 42, 96, 48);
        Scene c = StreetScenes.generate(DomainStyle.realistic(), 43, 96, 48);
        assertArrayEquals(a.image().data(), b.image().data());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.boxes(), b.boxes());
        assertFalse(Arrays.equals(a.labels(), c.labels()));
    }

    @Test
    void theTargetDomainIsFoggierNoisierAndSeenFromALowerCamera() {
        Scene source = StreetScenes.generate(DomainStyle.synthetic(), 7, 128, 64);
        Scene target = StreetScenes.generate(DomainStyle.realistic(), 7, 128, 64);
        assertFalse(Arrays.equals(source.labels(), target.labels()), "another camera sees the same street differently");
        // far pixels (sky) in the target approach the atmospheric light
        int i = 2 * 128 + 64;
        assertEquals(DemoClass.SKY.ordinal(), target.labels()[i]);
        double[] air = DomainStyle.realistic().atmosphereRgb();
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(air[ch], target.image().get(64, 2, ch), 20, "channel " + ch);
        }
        assertTrue(roughness(target) > roughness(source), "texture and sensor noise");
    }

    /** Mean absolute difference between horizontal neighbours inside regions of one class. */
    private static double roughness(Scene scene) {
        double sum = 0;
        int n = 0;
        int w = scene.image().width();
        for (int y = 0; y < scene.image().height(); y++) {
            for (int x = 1; x < w; x++) {
                if (scene.labels()[y * w + x] == scene.labels()[y * w + x - 1]) {
                    sum += Math.abs(scene.image().get(x, y, 1) - scene.image().get(x - 1, y, 1));
                    n++;
                }
            }
        }
        return sum / n;
    }
}
