package io.github.advent.detection.box;

import java.util.Arrays;
import java.util.List;

/**
 * SSD's default boxes (priors), in centre form {@code (cx, cy, w, h)} relative to the image side.
 *
 * <p>{@link #ssd300()} is the SSD-300 "v2" layout (the paper's and ssd.pytorch's VOC configuration):
 * maps 38, 19, 10, 5, 3, 1; steps 8, 16, 32, 64, 100, 300; min sizes 30, 60, 111, 162, 213, 264; max sizes
 * 60, 111, 162, 213, 264, 315; aspect ratios {2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2} — 8,732 boxes.
 *
 * <p><b>Order</b> (the order of the network's flattened heads): map by map; within a map cell-major, row
 * {@code i} (y) then column {@code j} (x); within a cell: the square of side {@code s = minSize / 300}, the
 * square of side {@code sqrt(s · maxSize / 300)}, then for each ratio r the boxes {@code (s·√r, s/√r)} and
 * {@code (s/√r, s·√r)}.
 *
 * <p><b>Centres</b> are {@code ((j + 0.5) / f, (i + 0.5) / f)} with {@code f = 300 / step}, as the reference
 * implementations compute them: for conv4_3 f = 37.5, not 38, so its centres run from 0.0133 to 1.0 rather
 * than to 0.987. Every value (cx, cy, w and h) is then clipped to [0, 1], again as ssd.pytorch does (conv8_2's
 * last row and column, centre 9.5 / 9.375 = 1.013, move to 1; conv11_2's 2:1 box would be 1.24 wide);
 * torchvision clips only the sizes ({@link #of(int, List, boolean)}).
 * Values are computed in double and stored as float.
 */
public final class DefaultBoxes {
    /** The input side SSD-300's layout assumes. */
    public static final int SSD300_IMAGE_SIZE = 300;

    /** SSD-300's six source maps. */
    public static final List<FeatureMapSpec> SSD300_MAPS = List.of(
            new FeatureMapSpec("conv4_3", 38, 8, 30, 60, List.of(2)),
            new FeatureMapSpec("conv7", 19, 16, 60, 111, List.of(2, 3)),
            new FeatureMapSpec("conv8_2", 10, 32, 111, 162, List.of(2, 3)),
            new FeatureMapSpec("conv9_2", 5, 64, 162, 213, List.of(2, 3)),
            new FeatureMapSpec("conv10_2", 3, 100, 213, 264, List.of(2)),
            new FeatureMapSpec("conv11_2", 1, 300, 264, 315, List.of(2)));

    /**
     * torchvision's {@code ssd300_vgg16} maps: the same sizes, steps and ratios, with the box sizes of its scales
     * 0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05 (map k: min size {@code 300 · s_k}, max size {@code 300 · s_k+1}).
     */
    public static final List<FeatureMapSpec> TORCHVISION_MAPS = List.of(
            new FeatureMapSpec("conv4_3", 38, 8, 21, 45, List.of(2)),
            new FeatureMapSpec("conv7", 19, 16, 45, 99, List.of(2, 3)),
            new FeatureMapSpec("conv8_2", 10, 32, 99, 153, List.of(2, 3)),
            new FeatureMapSpec("conv9_2", 5, 64, 153, 207, List.of(2, 3)),
            new FeatureMapSpec("conv10_2", 3, 100, 207, 261, List.of(2)),
            new FeatureMapSpec("conv11_2", 1, 300, 261, 315, List.of(2)));

    private static final DefaultBoxes SSD300 = of(SSD300_IMAGE_SIZE, SSD300_MAPS);

    private final float[] centres;
    private final float[] corners;

    private DefaultBoxes(float[] centres) {
        if (centres.length % 4 != 0) {
            throw new IllegalArgumentException("centre-form boxes need 4 values each, got " + centres.length);
        }
        this.centres = centres;
        this.corners = new float[centres.length];
        for (int p = 0; p < centres.length; p += 4) {
            float halfW = centres[p + 2] / 2;
            float halfH = centres[p + 3] / 2;
            corners[p] = centres[p] - halfW;
            corners[p + 1] = centres[p + 1] - halfH;
            corners[p + 2] = centres[p] + halfW;
            corners[p + 3] = centres[p + 1] + halfH;
        }
    }

    /** The 8,732 default boxes of SSD-300 (shared, immutable). */
    public static DefaultBoxes ssd300() {
        return SSD300;
    }

    /** The default boxes of {@code maps} for a square input of side {@code imageSize}, every value clipped (ssd.pytorch). */
    public static DefaultBoxes of(int imageSize, List<FeatureMapSpec> maps) {
        return of(imageSize, maps, true);
    }

    /**
     * As {@link #of(int, List)}; with {@code clipCentres} false only sizes are clipped, as torchvision's
     * {@code DefaultBoxGenerator} does (conv8_2's last row and column then have centre 1.0133, not 1).
     */
    public static DefaultBoxes of(int imageSize, List<FeatureMapSpec> maps, boolean clipCentres) {
        int total = maps.stream().mapToInt(FeatureMapSpec::boxes).sum();
        float[] centres = new float[total * 4];
        int at = 0;
        for (FeatureMapSpec map : maps) {
            double cells = (double) imageSize / map.step();
            double s = (double) map.minSize() / imageSize;
            double sPrime = Math.sqrt(s * ((double) map.maxSize() / imageSize));
            for (int i = 0; i < map.size(); i++) {
                for (int j = 0; j < map.size(); j++) {
                    double cx = (j + 0.5) / cells;
                    double cy = (i + 0.5) / cells;
                    at = put(centres, at, cx, cy, s, s, clipCentres);
                    at = put(centres, at, cx, cy, sPrime, sPrime, clipCentres);
                    for (int ratio : map.aspectRatios()) {
                        double root = Math.sqrt(ratio);
                        at = put(centres, at, cx, cy, s * root, s / root, clipCentres);
                        at = put(centres, at, cx, cy, s / root, s * root, clipCentres);
                    }
                }
            }
        }
        return new DefaultBoxes(centres);
    }

    /** Boxes given directly in centre form (tests, other layouts), {@code (cx, cy, w, h)} per box; not clipped. */
    public static DefaultBoxes ofCentres(float... centres) {
        return new DefaultBoxes(centres.clone());
    }

    private static int put(float[] centres, int at, double cx, double cy, double w, double h, boolean clipCentres) {
        centres[at] = clipCentres ? clip(cx) : (float) cx;
        centres[at + 1] = clipCentres ? clip(cy) : (float) cy;
        centres[at + 2] = clip(w);
        centres[at + 3] = clip(h);
        return at + 4;
    }

    private static float clip(double v) {
        return (float) Math.min(1, Math.max(0, v));
    }

    /** Number of boxes. */
    public int count() {
        return centres.length / 4;
    }

    /** All boxes in centre form, {@code count() x 4}; a copy. */
    public float[] centres() {
        return centres.clone();
    }

    /** All boxes as corners {@code (x1, y1, x2, y2)}, {@code count() x 4}; a copy. */
    public float[] corners() {
        return corners.clone();
    }

    /** Box {@code p} in centre form. */
    public float[] centre(int p) {
        return Arrays.copyOfRange(centres, 4 * p, 4 * p + 4);
    }

    /** Centre-form values without copying, for the coders in this package. */
    float[] centresView() {
        return centres;
    }

    /** Corner values without copying, for the matcher in this package. */
    float[] cornersView() {
        return corners;
    }
}
