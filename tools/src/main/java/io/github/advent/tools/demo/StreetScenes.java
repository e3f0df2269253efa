package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's procedural data: street scenes deterministic in (domain, seed), each with its image,
 * per-pixel labels, distances and object boxes. Source and target draw their layouts from the same
 * distribution (independent seeds) and differ in camera and look ({@link DomainStyle}).
 */
public final class StreetScenes {
    /** Objects smaller than this (visible pixels, or box height) get no box: too small to detect. */
    static final int MIN_BOX_PIXELS = 12;
    static final int MIN_BOX_HEIGHT = 6;
    /**
     * Boxes lower than this share of the image height (10 pixels at 128), or narrower than this share
     * of its width (5 pixels at 256), are difficult: after SSD's resize to 300x300 they stay below its
     * smallest default boxes (30 pixels).
     */
    static final double DIFFICULT_HEIGHT = 10.0 / 128;
    static final double DIFFICULT_WIDTH = 5.0 / 256;

    private StreetScenes() {}

    public static Scene generate(DomainStyle style, long seed, int width, int height) {
        StreetLayout layout = StreetLayout.random(SplitMix64.derived(seed, 1).nextLong());
        SceneGeometry geometry = StreetRenderer.render(layout, style.camera(), width, height);
        Image8 image = ScenePainter.paint(geometry, style, SplitMix64.derived(seed, 2).nextLong());
        return new Scene(image, geometry.classes(), geometry.distance(), boxes(geometry, layout));
    }

    static List<Scene.Box> boxes(SceneGeometry geometry, StreetLayout layout) {
        int count = layout.uprights().size();
        int[] x1 = new int[count];
        int[] y1 = new int[count];
        int[] x2 = new int[count];
        int[] y2 = new int[count];
        int[] pixels = new int[count];
        java.util.Arrays.fill(x1, Integer.MAX_VALUE);
        java.util.Arrays.fill(y1, Integer.MAX_VALUE);
        for (int y = 0; y < geometry.height(); y++) {
            for (int x = 0; x < geometry.width(); x++) {
                int k = geometry.upright()[y * geometry.width() + x];
                if (k < 0) {
                    continue;
                }
                pixels[k]++;
                x1[k] = Math.min(x1[k], x);
                y1[k] = Math.min(y1[k], y);
                x2[k] = Math.max(x2[k], x + 1);
                y2[k] = Math.max(y2[k], y + 1);
            }
        }
        List<Scene.Box> boxes = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            DemoClass kind = layout.uprights().get(k).kind();
            if (kind.isObject() && pixels[k] >= MIN_BOX_PIXELS && y2[k] - y1[k] >= MIN_BOX_HEIGHT) {
                boolean difficult = y2[k] - y1[k] < DIFFICULT_HEIGHT * geometry.height()
                        || x2[k] - x1[k] < DIFFICULT_WIDTH * geometry.width();
                boxes.add(new Scene.Box(kind, x1[k], y1[k], x2[k], y2[k], difficult));
            }
        }
        return boxes;
    }
}
