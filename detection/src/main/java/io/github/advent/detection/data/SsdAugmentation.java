package io.github.advent.detection.data;

import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * SSD's training augmentation (Liu et al. 2016, as ssd.pytorch's {@code SSDAugmentation} orders it):
 * photometric distortion ({@link PhotometricDistortion}), expand (zoom out), min-IoU random crop,
 * horizontal flip. Boxes follow every geometric step exactly; augmentation never resizes (that is
 * {@link SsdPreprocessing}) and leaves a sample's original size as it was.
 *
 * <ul>
 * <li><b>Expand</b> (probability 1/2): the image is placed at a random position of a canvas
 *     {@code ratio} times its size, ratio uniform in [1, 4], the rest filled with the mean colour
 *     RGB (123, 117, 104) (which pre-processing maps to 0); boxes move with the image.</li>
 * <li><b>Crop</b>: one of the min-IoU choices is drawn uniformly: "whole image" keeps the image;
 *     a threshold t in {0.1, 0.3, 0.5, 0.7, 0.9} tries up to 50 windows of width and height uniform
 *     in [0.3, 1] of the image's (height / width within [0.5, 2]), at a uniform position, corners
 *     truncated to whole pixels, and takes the first whose IoU with some target box is at least t
 *     and that holds the centre of at least one target box; if none of the tries succeeds the image
 *     stays whole (SSD's Caffe sampler; ssd.pytorch draws a new choice instead). Boxes whose centre
 *     lies strictly inside the window are kept, clipped to it; the others are dropped. Crowd boxes
 *     are kept or dropped the same way but never decide whether a window is accepted. A sample
 *     without target boxes (an unlabelled target image) takes the first window drawn, a plain
 *     random crop.</li>
 * <li><b>Flip</b> (probability 1/2): mirrored left-right, a box {@code [x1, x2)} becoming
 *     {@code [W - x2, W - x1)}.</li>
 * </ul>
 *
 * <p>Deterministic: every random choice comes from the {@link SplitMix64} passed in, in a fixed
 * order, so a seed reproduces the sample exactly. To make a run's augmentation independent of
 * thread scheduling, give each sample its own generator, e.g.
 * {@code SplitMix64.derived(seed, iteration * batchSize + k)}. Thread-safe (no state of its own).
 *
 * <p>All random choices are drawn first ({@link Plan}); the pixels are then made in one pass that
 * builds the expanded canvas only inside the crop window and distorts only the image pixels that
 * survive the crop (ssd.pytorch materialises the whole canvas, up to 8192x4096 for a Cityscapes
 * frame). The result is the same as running the steps one after the other.
 */
public final class SsdAugmentation {
    /** The mean colour of SSD's ImageNet-trained VGG-16 in RGB order (BGR 104, 117, 123). */
    public static final int[] MEAN_RGB = {123, 117, 104};
    /** A min-IoU choice that keeps the whole image. */
    public static final float WHOLE_IMAGE = -1f;

    static final float MIN_CROP_SCALE = 0.3f;
    static final float MIN_CROP_ASPECT = 0.5f;
    static final float MAX_CROP_ASPECT = 2f;

    /**
     * What the augmentation does.
     *
     * @param photometric apply the photometric distortion
     * @param channelSwap include SSD's random channel permutation in it
     * @param expandProbability chance of the zoom-out
     * @param maxExpandRatio largest canvas size relative to the image (at least 1)
     * @param minIouChoices the crop choices, drawn uniformly: {@link #WHOLE_IMAGE} or a threshold in [0, 1]
     * @param cropTries windows tried per crop before keeping the image whole
     * @param flipProbability chance of the horizontal flip
     */
    public record Settings(boolean photometric, boolean channelSwap, float expandProbability, float maxExpandRatio,
            List<Float> minIouChoices, int cropTries, float flipProbability) {
        public Settings {
            probability("expandProbability", expandProbability);
            probability("flipProbability", flipProbability);
            if (!(maxExpandRatio >= 1f) || !Float.isFinite(maxExpandRatio)) {
                throw new IllegalArgumentException("maxExpandRatio must be >= 1, got " + maxExpandRatio);
            }
            minIouChoices = List.copyOf(minIouChoices);
            if (minIouChoices.isEmpty()) {
                throw new IllegalArgumentException("minIouChoices must not be empty (WHOLE_IMAGE alone disables the crop)");
            }
            for (float t : minIouChoices) {
                if (t != WHOLE_IMAGE && !(t >= 0f && t <= 1f)) {
                    throw new IllegalArgumentException("min-IoU choices must be in [0, 1] or WHOLE_IMAGE, got " + t);
                }
            }
            if (cropTries < 1) {
                throw new IllegalArgumentException("cropTries must be >= 1, got " + cropTries);
            }
        }

        /** SSD's: photometric without channel swap, expand 1/2 up to 4x, crop {whole, 0.1, 0.3, 0.5, 0.7, 0.9} x 50, flip 1/2. */
        public static Settings ssd() {
            return new Settings(true, false, 0.5f, 4f, List.of(WHOLE_IMAGE, 0.1f, 0.3f, 0.5f, 0.7f, 0.9f), 50, 0.5f);
        }

        public Settings withChannelSwap(boolean on) {
            return new Settings(photometric, on, expandProbability, maxExpandRatio, minIouChoices, cropTries, flipProbability);
        }

        public Settings withPhotometric(boolean on) {
            return new Settings(on, channelSwap, expandProbability, maxExpandRatio, minIouChoices, cropTries, flipProbability);
        }

        private static void probability(String name, float p) {
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
            }
        }
    }

    /** A crop window: columns [left, right), rows [top, bottom). */
    record CropWindow(int left, int top, int right, int bottom) {
        int width() {
            return right - left;
        }

        int height() {
            return bottom - top;
        }
    }

    private final Settings settings;

    public SsdAugmentation(Settings settings) {
        this.settings = settings;
    }

    /** SSD's augmentation ({@link Settings#ssd()}). */
    public static SsdAugmentation standard() {
        return new SsdAugmentation(Settings.ssd());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The random choices of one augmentation, all made before any pixel is touched.
     *
     * @param photometric the distortion's draw, or null when off
     * @param canvasWidth the expand canvas (the image's own size when not expanded)
     * @param canvasHeight its height
     * @param left where the image lies on the canvas
     * @param top where the image lies on the canvas
     * @param window the crop, in canvas coordinates, or null when the canvas stays whole
     * @param flip mirror the result
     */
    record Plan(PhotometricDistortion.Draw photometric, int canvasWidth, int canvasHeight, int left, int top, CropWindow window,
            boolean flip) {}

    /** One random augmentation of {@code sample}, drawn from {@code random}. */
    public DetectionSample apply(DetectionSample sample, SplitMix64 random) {
        return render(sample, plan(sample.image().width(), sample.image().height(), sample.boxes(), random));
    }

    /** Draws the choices for an image of that size with those boxes, in a fixed order. */
    Plan plan(int width, int height, List<ObjectBox> boxes, SplitMix64 random) {
        PhotometricDistortion.Draw photometric = settings.photometric()
                ? PhotometricDistortion.draw(random, settings.channelSwap()) : null;
        int canvasWidth = width;
        int canvasHeight = height;
        int left = 0;
        int top = 0;
        if (settings.maxExpandRatio() > 1f && random.nextFloat() < settings.expandProbability()) {
            float ratio = PhotometricDistortion.uniform(random, 1f, settings.maxExpandRatio());
            left = (int) PhotometricDistortion.uniform(random, 0f, width * ratio - width);
            top = (int) PhotometricDistortion.uniform(random, 0f, height * ratio - height);
            canvasWidth = (int) (width * ratio);
            canvasHeight = (int) (height * ratio);
        }
        CropWindow window = null;
        float minIou = settings.minIouChoices().get(random.nextInt(settings.minIouChoices().size()));
        if (minIou != WHOLE_IMAGE) {
            int dx = left;
            int dy = top;
            List<ObjectBox> onCanvas = boxes.stream().map(b -> b.translated(dx, dy)).toList();
            window = randomWindow(canvasWidth, canvasHeight, onCanvas, minIou, random);
        }
        boolean flip = random.nextFloat() < settings.flipProbability();
        return new Plan(photometric, canvasWidth, canvasHeight, left, top, window, flip);
    }

    /**
     * The first window of up to {@code cropTries} that meets the min-IoU rule, or null. Without
     * target boxes the first well-shaped window is taken.
     */
    private CropWindow randomWindow(int w, int h, List<ObjectBox> boxes, float minIou, SplitMix64 random) {
        boolean anyTarget = boxes.stream().anyMatch(b -> !b.crowd());
        for (int attempt = 0; attempt < settings.cropTries(); attempt++) {
            float cw = PhotometricDistortion.uniform(random, MIN_CROP_SCALE * w, w);
            float ch = PhotometricDistortion.uniform(random, MIN_CROP_SCALE * h, h);
            if (ch / cw < MIN_CROP_ASPECT || ch / cw > MAX_CROP_ASPECT) {
                continue;
            }
            float left = PhotometricDistortion.uniform(random, 0f, w - cw);
            float top = PhotometricDistortion.uniform(random, 0f, h - ch);
            CropWindow window = new CropWindow((int) left, (int) top, (int) (left + cw), (int) (top + ch));
            if (window.width() < 1 || window.height() < 1) {
                continue;
            }
            if (!anyTarget) {
                return window;
            }
            boolean overlaps = boxes.stream().anyMatch(b -> !b.crowd() && iou(b, window) >= minIou);
            if (overlaps && cropBoxes(boxes, window).stream().anyMatch(b -> !b.crowd())) {
                return window;
            }
        }
        return null;
    }

    /**
     * Carries out a plan. Equal to applying the distortion, {@link #expand}, {@link #crop} and
     * {@link #flip} one after the other, but the canvas is never built beyond the crop window and
     * only the image pixels that survive the crop are distorted (the distortion is per pixel, and
     * the mean-coloured border is not distorted).
     */
    static DetectionSample render(DetectionSample s, Plan plan) {
        CropWindow window = plan.window() != null ? plan.window()
                : new CropWindow(0, 0, plan.canvasWidth(), plan.canvasHeight());
        int imageWidth = s.image().width();
        int imageHeight = s.image().height();
        // the part of the image inside the window, in image coordinates
        int x0 = Math.max(window.left() - plan.left(), 0);
        int y0 = Math.max(window.top() - plan.top(), 0);
        int x1 = Math.min(window.right() - plan.left(), imageWidth);
        int y1 = Math.min(window.bottom() - plan.top(), imageHeight);
        Image8 out;
        if (x1 <= x0 || y1 <= y0) {
            out = ImageGeometry.filled(window.width(), window.height(), MEAN_RGB);
        } else {
            Image8 part = x0 == 0 && y0 == 0 && x1 == imageWidth && y1 == imageHeight ? s.image()
                    : ImageGeometry.crop(s.image(), x0, y0, x1, y1);
            if (plan.photometric() != null) {
                part = PhotometricDistortion.apply(part, plan.photometric());
            }
            int atX = x0 + plan.left() - window.left();
            int atY = y0 + plan.top() - window.top();
            out = part.width() == window.width() && part.height() == window.height() ? part
                    : ImageGeometry.place(part, window.width(), window.height(), atX, atY, MEAN_RGB);
        }
        List<ObjectBox> boxes = s.boxes().stream().map(b -> b.translated(plan.left(), plan.top())).toList();
        if (plan.window() != null) {
            boxes = cropBoxes(boxes, window);
        }
        DetectionSample result = s.with(out, boxes);
        return plan.flip() ? flip(result) : result;
    }

    // ---- the geometric steps with their choices given (tests inject them) ----

    /** The sample on a {@code width x height} mean-coloured canvas, its image at ({@code left}, {@code top}). */
    static DetectionSample expand(DetectionSample s, int width, int height, int left, int top) {
        Image8 canvas = ImageGeometry.place(s.image(), width, height, left, top, MEAN_RGB);
        return s.with(canvas, s.boxes().stream().map(b -> b.translated(left, top)).toList());
    }

    /** The window of the sample, with the boxes {@link #cropBoxes} keeps. */
    static DetectionSample crop(DetectionSample s, CropWindow window) {
        return s.with(ImageGeometry.crop(s.image(), window.left(), window.top(), window.right(), window.bottom()),
                cropBoxes(s.boxes(), window));
    }

    /** The boxes whose centre is strictly inside the window, clipped to it, in window coordinates. */
    static List<ObjectBox> cropBoxes(List<ObjectBox> boxes, CropWindow window) {
        List<ObjectBox> kept = new ArrayList<>();
        for (ObjectBox b : boxes) {
            float cx = (b.x1() + b.x2()) / 2f;
            float cy = (b.y1() + b.y2()) / 2f;
            if (cx > window.left() && cx < window.right() && cy > window.top() && cy < window.bottom()) {
                kept.add(b.translated(-window.left(), -window.top()).clipped(window.width(), window.height()));
            }
        }
        return kept;
    }

    /** The sample mirrored left-right. */
    static DetectionSample flip(DetectionSample s) {
        int width = s.image().width();
        return s.with(ImageGeometry.flipHorizontally(s.image()), s.boxes().stream().map(b -> b.flippedHorizontally(width)).toList());
    }

    /** Intersection over union of a box and a window (continuous areas, no +1). */
    static float iou(ObjectBox b, CropWindow w) {
        float iw = Math.min(b.x2(), w.right()) - Math.max(b.x1(), w.left());
        float ih = Math.min(b.y2(), w.bottom()) - Math.max(b.y1(), w.top());
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        return inter / (b.area() + (float) w.width() * w.height() - inter);
    }
}
