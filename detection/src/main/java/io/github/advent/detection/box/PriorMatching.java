package io.github.advent.detection.box;

/**
 * SSD's assignment of ground-truth boxes to default boxes, on plain arrays (it is not differentiated).
 *
 * <ol>
 *   <li>IoU of every ground truth with every default box (its corner form, unclipped);
 *   <li>every default box takes the ground truth it overlaps most (the first on ties);
 *   <li>every ground truth is forced onto its best default box (the first on ties), whatever the IoU,
 *       so that each object has at least one positive. When two ground truths have the same best
 *       default box, the later one in the list keeps it (the reference implementation's loop order);
 *   <li>a default box is positive, with its ground truth's class, if forced or if its IoU is at least
 *       {@link #IOU_THRESHOLD}; otherwise it is background (class 0).
 * </ol>
 * The regression target of every default box is its ground truth {@linkplain BoxCoding encoded} against
 * it; only positives' targets are used by the loss. An image without objects gives all background and
 * zero regression targets.
 */
public final class PriorMatching {
    /** IoU from which a default box is positive for a ground truth. */
    public static final float IOU_THRESHOLD = 0.5f;

    private PriorMatching() {}

    /**
     * What the loss learns for one image.
     *
     * @param classes per default box, 0 = background, else the ground truth's class
     * @param locations per default box, the 4 encoded regression targets (0 for an image without objects)
     */
    public record Targets(int[] classes, float[] locations) {
        /** Number of positive default boxes. */
        public int positives() {
            int n = 0;
            for (int c : classes) {
                n += c > 0 ? 1 : 0;
            }
            return n;
        }
    }

    /** Matches with the SSD threshold {@value #IOU_THRESHOLD}. */
    public static Targets match(GroundTruth truth, DefaultBoxes priors) {
        return match(truth, priors, IOU_THRESHOLD);
    }

    public static Targets match(GroundTruth truth, DefaultBoxes priors, float threshold) {
        int count = priors.count();
        int[] classes = new int[count];
        float[] locations = new float[4 * count];
        int objects = truth.count();
        if (objects == 0) {
            return new Targets(classes, locations);
        }
        float[] boxes = truth.boxesView();
        float[] corners = priors.cornersView();
        float[] bestOverlap = new float[count];
        int[] bestTruth = new int[count];
        java.util.Arrays.fill(bestOverlap, -1f);
        int[] bestPrior = new int[objects];
        for (int m = 0; m < objects; m++) {
            float best = -1f;
            for (int p = 0; p < count; p++) {
                float iou = Boxes.iou(boxes, m, corners, p);
                if (iou > best) {
                    best = iou;
                    bestPrior[m] = p;
                }
                if (iou > bestOverlap[p]) {
                    bestOverlap[p] = iou;
                    bestTruth[p] = m;
                }
            }
        }
        boolean[] forced = new boolean[count];
        for (int m = 0; m < objects; m++) {
            forced[bestPrior[m]] = true;
            bestTruth[bestPrior[m]] = m;
        }
        for (int p = 0; p < count; p++) {
            int m = bestTruth[p];
            classes[p] = forced[p] || bestOverlap[p] >= threshold ? truth.classOf(m) : 0;
            BoxCoding.encode(boxes, m, priors, p, locations, p);
        }
        return new Targets(classes, locations);
    }
}
