package io.github.advent.detection.box;

import java.util.Arrays;

/**
 * Greedy non-maximum suppression of one class's boxes, on flat float arrays (no object per box).
 */
public final class Nms {
    private Nms() {}

    /**
     * The boxes that survive, highest score first.
     *
     * <p>Candidates are the boxes whose score is strictly above {@code confidenceThreshold}; the
     * {@code candidatesPerClass} best of them (ties: lower index first) are visited in score order, and each is
     * kept unless a kept box overlaps it with IoU strictly above {@code iouThreshold}. The pass stops once
     * {@code maxKept} boxes are kept: no later box could outrank them.
     *
     * @param corners {@code P x 4} corner boxes
     * @param scores P scores of this class
     * @return indices into the P boxes
     */
    public static int[] suppress(float[] corners, float[] scores, NmsOptions options, int maxKept) {
        int count = 0;
        long[] keys = new long[scores.length];
        for (int p = 0; p < scores.length; p++) {
            if (scores[p] > options.confidenceThreshold()) {
                keys[count++] = SortKeys.descending(scores[p], p);
            }
        }
        Arrays.sort(keys, 0, count);
        int candidates = Math.min(count, options.candidatesPerClass());
        int limit = Math.min(candidates, maxKept);
        int[] kept = new int[limit];
        int keptCount = 0;
        for (int c = 0; c < candidates && keptCount < limit; c++) {
            int box = SortKeys.index(keys[c]);
            boolean suppressed = false;
            for (int k = 0; k < keptCount && !suppressed; k++) {
                suppressed = Boxes.iou(corners, kept[k], corners, box) > options.iouThreshold();
            }
            if (!suppressed) {
                kept[keptCount++] = box;
            }
        }
        return Arrays.copyOf(kept, keptCount);
    }
}
