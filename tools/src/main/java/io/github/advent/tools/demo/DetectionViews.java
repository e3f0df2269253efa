package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Image8;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a wide scene into the square views the demo's detector sees (side = the scene's height: two
 * views of a 256x128 scene). SSD resizes every input to 300x300; a whole 2:1 scene would be stretched
 * twice as much vertically as horizontally, which turns a pedestrian (about 7x20 pixels at 256x128)
 * into an 8x47 sliver that no default box of conv4_3 (30x30, 42x42, 21x42, 42x21) overlaps by IoU 0.5.
 * A square view is scaled alike in both directions (2.3x), keeping objects' shapes.
 *
 * <p>An object cut by a view's edge keeps its visible part; that part is difficult (ignored by
 * training and AP, as VOC's flag) when it is under half the object's width or narrower than the
 * scene's difficult width.
 */
final class DetectionViews {
    /** An object cut to less than this share of its width is difficult in that view. */
    static final double MIN_VISIBLE_SHARE = 0.5;

    /** One square view: its pixels and the boxes in its coordinates. */
    record View(Image8 image, List<Scene.Box> boxes) {}

    private DetectionViews() {}

    static List<View> of(Scene scene) {
        Image8 image = scene.image();
        int side = image.height();
        int count = Math.max(1, image.width() / side);
        List<View> views = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            // spread the views evenly over the width (they tile it exactly when the width is a multiple of the height)
            int x0 = count == 1 ? 0 : (int) Math.round((double) k * (image.width() - side) / (count - 1));
            views.add(new View(crop(image, x0, side), boxes(scene.boxes(), x0, side, image.width())));
        }
        return views;
    }

    static List<Scene.Box> boxes(List<Scene.Box> boxes, int x0, int side, int sceneWidth) {
        List<Scene.Box> inView = new ArrayList<>();
        for (Scene.Box box : boxes) {
            int x1 = Math.max(box.x1(), x0);
            int x2 = Math.min(box.x2(), x0 + side);
            if (x2 <= x1) {
                continue;
            }
            boolean cut = x2 - x1 < MIN_VISIBLE_SHARE * box.width() || x2 - x1 < StreetScenes.DIFFICULT_WIDTH * sceneWidth;
            inView.add(new Scene.Box(box.kind(), x1 - x0, box.y1(), x2 - x0, box.y2(), box.difficult() || cut));
        }
        return inView;
    }

    private static Image8 crop(Image8 image, int x0, int side) {
        Image8 view = Image8.blank(side, image.height(), image.channels());
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.data(), (y * image.width() + x0) * image.channels(), view.data(),
                    y * side * image.channels(), side * image.channels());
        }
        return view;
    }
}
