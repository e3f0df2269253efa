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
 * <p>Cost: expanding a 2048x1024 frame 4x materialises a 8192x4096 canvas (100 MB) before the
 * crop, as ssd.pytorch does.
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

    /** One random augmentation of {@code sample}, drawn from {@code random}. */
    public DetectionSample apply(DetectionSample sample, SplitMix64 random) {
        DetectionSample s = sample;
        if (settings.photometric()) {
            s = s.with(PhotometricDistortion.apply(s.image(), PhotometricDistortion.draw(random, settings.channelSwap())),
                    s.boxes());
        }
        if (settings.maxExpandRatio() > 1f && random.nextFloat() < settings.expandProbability()) {
            s = randomExpand(s, random);
        }
        float minIou = settings.minIouChoices().get(random.nextInt(settings.minIouChoices().size()));
        if (minIou != WHOLE_IMAGE) {
            s = randomCrop(s, minIou, random);
        }
        if (random.nextFloat() < settings.flipProbability()) {
            s = flip(s);
        }
        return s;
    }

    private DetectionSample randomExpand(DetectionSample s, SplitMix64 random) {
        int w = s.image().width();
        int h = s.image().height();
        float ratio = PhotometricDistortion.uniform(random, 1f, settings.maxExpandRatio());
        float left = PhotometricDistortion.uniform(random, 0f, w * ratio - w);
        float top = PhotometricDistortion.uniform(random, 0f, h * ratio - h);
        return expand(s, (int) (w * ratio), (int) (h * ratio), (int) left, (int) top);
    }

    private DetectionSample randomCrop(DetectionSample s, float minIou, SplitMix64 random) {
        int w = s.image().width();
        int h = s.image().height();
        boolean anyTarget = s.boxes().stream().anyMatch(b -> !b.crowd());
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
                return crop(s, window);
            }
            boolean overlaps = s.boxes().stream().anyMatch(b -> !b.crowd() && iou(b, window) >= minIou);
            List<ObjectBox> kept = cropBoxes(s.boxes(), window);
            if (overlaps && kept.stream().anyMatch(b -> !b.crowd())) {
                return s.with(ImageGeometry.crop(s.image(), window.left(), window.top(), window.right(), window.bottom()), kept);
            }
        }
        return s;
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
