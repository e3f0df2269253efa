package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.util.SplitMix64;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SSD's augmentation: each geometric step with known choices, the photometric formulas, and the random policy's rules. */
class SsdAugmentationTest {
    /** A W x H image whose pixel (x, y) is (x, y, 7): every output pixel tells where it came from. */
    static Image8 coordinates(int w, int h) {
        Image8 image = Image8.blank(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.set(x, y, 0, x);
                image.set(x, y, 1, y);
                image.set(x, y, 2, 7);
            }
        }
        return image;
    }

    static DetectionSample sample(Image8 image, ObjectBox... boxes) {
        return new DetectionSample("s", Path.of("s.png"), image, List.of(boxes), image.width(), image.height());
    }

    @Test
    void expandPlacesTheImageOnAMeanCanvasAndMovesTheBoxes() {
        DetectionSample s = sample(coordinates(4, 3), ObjectBox.of(1, 0, 3, 2, 3), new ObjectBox(0, 1, 4, 3, 1, true));
        DetectionSample e = SsdAugmentation.expand(s, 10, 8, 3, 2);
        assertEquals(10, e.image().width());
        assertEquals(8, e.image().height());
        assertEquals(List.of(ObjectBox.of(4, 2, 6, 4, 3), new ObjectBox(3, 3, 7, 5, 1, true)), e.boxes());
        assertArrayEquals(new int[] {123, 117, 104}, pixel(e.image(), 0, 0));
        assertArrayEquals(new int[] {123, 117, 104}, pixel(e.image(), 2, 2));
        assertArrayEquals(new int[] {0, 0, 7}, pixel(e.image(), 3, 2));   // source (0, 0)
        assertArrayEquals(new int[] {3, 2, 7}, pixel(e.image(), 6, 4));   // source (3, 2)
        assertArrayEquals(new int[] {123, 117, 104}, pixel(e.image(), 7, 4));
        assertArrayEquals(new int[] {123, 117, 104}, pixel(e.image(), 6, 5));
        assertEquals(4, e.originalWidth());
    }

    @Test
    void cropKeepsBoxesWhoseCentreIsInsideClippedToTheWindow() {
        DetectionSample s = sample(coordinates(20, 10),
                ObjectBox.of(4, 2, 8, 6, 1),      // centre (6, 4): inside, wholly
                ObjectBox.of(1, 1, 7, 3, 2),      // centre (4, 2): inside, clipped on the left
                ObjectBox.of(0, 0, 6, 4, 3),      // centre (3, 2): on the window's left edge -> dropped
                ObjectBox.of(10, 6, 18, 10, 4),   // centre (14, 8): inside, clipped right and bottom
                ObjectBox.of(15, 0, 20, 2, 5));   // centre (17.5, 1): outside -> dropped
        SsdAugmentation.CropWindow window = new SsdAugmentation.CropWindow(3, 1, 16, 9);
        DetectionSample c = SsdAugmentation.crop(s, window);
        assertEquals(13, c.image().width());
        assertEquals(8, c.image().height());
        assertArrayEquals(new int[] {3, 1, 7}, pixel(c.image(), 0, 0));
        assertArrayEquals(new int[] {15, 8, 7}, pixel(c.image(), 12, 7));
        assertEquals(List.of(ObjectBox.of(1, 1, 5, 5, 1), ObjectBox.of(0, 0, 4, 2, 2), ObjectBox.of(7, 5, 13, 8, 4)),
                c.boxes());
    }

    @Test
    void flipMirrorsPixelsAndBoxesExactly() {
        DetectionSample s = sample(coordinates(10, 2), ObjectBox.of(1, 0, 3, 2, 3), ObjectBox.of(9, 1, 10, 2, 1));
        DetectionSample f = SsdAugmentation.flip(s);
        assertEquals(List.of(ObjectBox.of(7, 0, 9, 2, 3), ObjectBox.of(0, 1, 1, 2, 1)), f.boxes());
        assertArrayEquals(new int[] {9, 0, 7}, pixel(f.image(), 0, 0));
        assertArrayEquals(new int[] {0, 1, 7}, pixel(f.image(), 9, 1));
        // a one-pixel object at column 9 is the pixel that moved to column 0
        assertEquals(9, f.image().get(0, 1, 0));
        assertEquals(s.boxes(), SsdAugmentation.flip(f).boxes());
    }

    @Test
    void iouOfABoxAndAWindow() {
        SsdAugmentation.CropWindow w = new SsdAugmentation.CropWindow(0, 0, 10, 10);
        assertEquals(1f, SsdAugmentation.iou(ObjectBox.of(0, 0, 10, 10, 1), w));
        assertEquals(25f / 100f, SsdAugmentation.iou(ObjectBox.of(5, 5, 10, 10, 1), w));
        assertEquals(25f / (100f + 100f - 25f), SsdAugmentation.iou(ObjectBox.of(5, 5, 15, 15, 1), w), 1e-7f);
        assertEquals(0f, SsdAugmentation.iou(ObjectBox.of(10, 0, 12, 5, 1), w));
    }

    @Test
    void photometricStepsFollowTheirFormulas() {
        Image8 image = new Image8(3, 1, 3, bytes(255, 0, 0, 100, 150, 200, 10, 20, 250));
        PhotometricDistortion.Draw brightness = new PhotometricDistortion.Draw(10.4f, 1f, false, 1f, 0f, null);
        assertArrayEquals(new int[] {255, 10, 10, 110, 160, 210, 20, 30, 255}, values(PhotometricDistortion.apply(image, brightness)));
        PhotometricDistortion.Draw contrast = new PhotometricDistortion.Draw(0f, 1.5f, false, 1f, 0f, null);
        assertArrayEquals(new int[] {255, 0, 0, 150, 225, 255, 15, 30, 255}, values(PhotometricDistortion.apply(image, contrast)));
        // brightness before contrast: (100 - 20) * 0.5 = 40 ...
        PhotometricDistortion.Draw both = new PhotometricDistortion.Draw(-20f, 0.5f, true, 1f, 0f, null);
        assertArrayEquals(new int[] {118, 0, 0, 40, 65, 90, 0, 0, 115}, values(PhotometricDistortion.apply(image, both)));
        // hue +120 degrees: red -> green; (100, 150, 200) has H 210 -> 330: (200, 100, 150)
        PhotometricDistortion.Draw hue = new PhotometricDistortion.Draw(0f, 1f, false, 1f, 120f, null);
        int[] rotated = values(PhotometricDistortion.apply(image, hue));
        assertArrayEquals(new int[] {0, 255, 0, 200, 100, 150}, java.util.Arrays.copyOf(rotated, 6));
        // saturation 0: grey at the value V = max(R, G, B); 0.5 halves the distance to V
        PhotometricDistortion.Draw grey = new PhotometricDistortion.Draw(0f, 1f, false, 0f, 0f, null);
        assertArrayEquals(new int[] {255, 255, 255, 200, 200, 200, 250, 250, 250}, values(PhotometricDistortion.apply(image, grey)));
        PhotometricDistortion.Draw half = new PhotometricDistortion.Draw(0f, 1f, false, 0.5f, 0f, null);
        assertArrayEquals(new int[] {255, 128, 128, 150, 175, 200}, java.util.Arrays.copyOf(values(PhotometricDistortion.apply(image, half)), 6));
        PhotometricDistortion.Draw swap = new PhotometricDistortion.Draw(0f, 1f, false, 1f, 0f, new int[] {2, 0, 1});
        assertArrayEquals(new int[] {0, 255, 0, 200, 100, 150, 250, 10, 20}, values(PhotometricDistortion.apply(image, swap)));
        assertArrayEquals(values(image), values(PhotometricDistortion.apply(image, PhotometricDistortion.Draw.NONE)));
    }

    @Test
    void aSeedReproducesTheAugmentationExactly() {
        DetectionSample s = sample(coordinates(60, 30), ObjectBox.of(10, 5, 30, 25, 3), ObjectBox.of(40, 2, 55, 12, 1));
        SsdAugmentation augmentation = SsdAugmentation.standard();
        int differing = 0;
        for (long seed = 0; seed < 20; seed++) {
            DetectionSample a = augmentation.apply(s, new SplitMix64(seed));
            DetectionSample b = augmentation.apply(s, new SplitMix64(seed));
            assertEquals(a.boxes(), b.boxes());
            assertArrayEquals(a.image().data(), b.image().data());
            DetectionSample other = augmentation.apply(s, new SplitMix64(seed + 1000));
            if (!other.boxes().equals(a.boxes()) || other.image().width() != a.image().width()) {
                differing++;
            }
        }
        assertTrue(differing > 10, differing + " of 20 seeds changed the result");
        assertEquals(60, s.image().width());   // the input is untouched
        assertEquals(List.of(ObjectBox.of(10, 5, 30, 25, 3), ObjectBox.of(40, 2, 55, 12, 1)), s.boxes());
    }

    /**
     * Crops only (threshold 0.5): the window is recovered from the coordinate pixels of the output,
     * and must meet the rule: IoU >= 0.5 with a target box, boxes kept exactly when their centre
     * is inside, clipped and shifted; or, when no window was found, the image is whole.
     */
    @Test
    void randomCropsObeyTheMinIouRule() {
        ObjectBox[] boxes = {ObjectBox.of(10, 5, 30, 25, 3), ObjectBox.of(40, 2, 55, 12, 1), new ObjectBox(0, 20, 8, 30, 2, true)};
        DetectionSample s = sample(coordinates(60, 30), boxes);
        SsdAugmentation crops = new SsdAugmentation(new SsdAugmentation.Settings(false, false, 0f, 1f, List.of(0.5f), 50, 0f));
        int cropped = 0;
        for (long seed = 0; seed < 200; seed++) {
            DetectionSample c = crops.apply(s, new SplitMix64(seed));
            int left = c.image().get(0, 0, 0);
            int top = c.image().get(0, 0, 1);
            SsdAugmentation.CropWindow w = new SsdAugmentation.CropWindow(left, top, left + c.image().width(),
                    top + c.image().height());
            if (w.width() == 60 && w.height() == 30) {
                continue;
            }
            cropped++;
            assertTrue(w.width() >= 18 && w.height() >= 9, "at least 0.3 of each side: " + w);
            assertTrue(SsdAugmentation.iou(boxes[0], w) >= 0.5f || SsdAugmentation.iou(boxes[1], w) >= 0.5f, "IoU: " + w);
            List<ObjectBox> expected = new java.util.ArrayList<>();
            for (ObjectBox b : boxes) {
                float cx = (b.x1() + b.x2()) / 2;
                float cy = (b.y1() + b.y2()) / 2;
                if (cx > left && cx < w.right() && cy > top && cy < w.bottom()) {
                    expected.add(new ObjectBox(Math.max(b.x1(), left) - left, Math.max(b.y1(), top) - top,
                            Math.min(b.x2(), w.right()) - left, Math.min(b.y2(), w.bottom()) - top, b.classIndex(), b.crowd()));
                }
            }
            assertEquals(expected, c.boxes(), "window " + w);
            assertTrue(c.boxes().stream().anyMatch(b -> !b.crowd()));
        }
        assertTrue(cropped > 150, cropped + " of 200 found a window");
    }

    @Test
    void aSampleWithoutTargetsIsCroppedFreely() {
        DetectionSample s = sample(coordinates(60, 30));
        SsdAugmentation crops = new SsdAugmentation(new SsdAugmentation.Settings(false, false, 0f, 1f, List.of(0.9f), 50, 0f));
        DetectionSample c = crops.apply(s, new SplitMix64(3));
        assertNotEquals(60 * 30, c.image().width() * c.image().height());
        assertEquals(List.of(), c.boxes());
    }

    @Test
    void expandAndFlipPoliciesMoveBoxesWithThePixels() {
        ObjectBox box = ObjectBox.of(10, 5, 30, 25, 3);
        DetectionSample s = sample(coordinates(60, 30), box);
        SsdAugmentation zoomOut = new SsdAugmentation(
                new SsdAugmentation.Settings(false, false, 1f, 4f, List.of(SsdAugmentation.WHOLE_IMAGE), 50, 1f));
        for (long seed = 0; seed < 20; seed++) {
            DetectionSample e = zoomOut.apply(s, new SplitMix64(seed));
            Image8 image = e.image();
            assertTrue(image.width() >= 60 && image.width() <= 240 && image.height() >= 30 && image.height() <= 120, "" + image);
            ObjectBox moved = e.boxes().get(0);
            assertEquals(20f, moved.width());
            // flipped: the box's right edge pixel x2 - 1 holds the source column x1 = 10
            assertEquals(10, image.get((int) moved.x2() - 1, (int) moved.y1(), 0));
            assertEquals(29, image.get((int) moved.x1(), (int) moved.y1(), 0));
            assertEquals(5, image.get((int) moved.x1(), (int) moved.y1(), 1));
            assertEquals(24, image.get((int) moved.x1(), (int) moved.y2() - 1, 1));
        }
    }

    /**
     * The one-pass renderer against the steps run one after the other with the same plan:
     * distortion on the whole image, the full canvas, the crop, the flip.
     */
    @Test
    void renderingAPlanEqualsRunningTheStepsInTurn() {
        SsdAugmentation augmentation = new SsdAugmentation(SsdAugmentation.Settings.ssd().withChannelSwap(true));
        DetectionSample labelled = sample(coordinates(60, 30), ObjectBox.of(10, 5, 30, 25, 3), ObjectBox.of(40, 2, 55, 12, 1),
                new ObjectBox(0, 20, 8, 30, 2, true));
        DetectionSample unlabelled = sample(coordinates(60, 30));
        int expanded = 0;
        int cropped = 0;
        for (long seed = 0; seed < 300; seed++) {
            DetectionSample s = seed % 3 == 0 ? unlabelled : labelled;
            SsdAugmentation.Plan plan = augmentation.plan(60, 30, s.boxes(), new SplitMix64(seed));
            DetectionSample expected = s;
            if (plan.photometric() != null) {
                expected = expected.with(PhotometricDistortion.apply(expected.image(), plan.photometric()), expected.boxes());
            }
            if (plan.canvasWidth() != 60) {
                expanded++;
                expected = SsdAugmentation.expand(expected, plan.canvasWidth(), plan.canvasHeight(), plan.left(), plan.top());
            }
            if (plan.window() != null) {
                cropped++;
                expected = SsdAugmentation.crop(expected, plan.window());
            }
            if (plan.flip()) {
                expected = SsdAugmentation.flip(expected);
            }
            DetectionSample actual = augmentation.apply(s, new SplitMix64(seed));
            assertEquals(expected.boxes(), actual.boxes(), "seed " + seed);
            assertEquals(expected.image().width(), actual.image().width(), "seed " + seed);
            assertEquals(expected.image().height(), actual.image().height(), "seed " + seed);
            assertArrayEquals(expected.image().data(), actual.image().data(), "seed " + seed);
        }
        assertTrue(expanded > 100 && cropped > 100, expanded + " expanded, " + cropped + " cropped of 300");
    }

    static int[] pixel(Image8 image, int x, int y) {
        return new int[] {image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)};
    }

    static int[] values(Image8 image) {
        int[] v = new int[image.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = image.data()[i] & 0xFF;
        }
        return v;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
