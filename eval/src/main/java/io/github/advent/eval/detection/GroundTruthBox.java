package io.github.advent.eval.detection;

/**
 * A ground-truth box as COCO writes it: {@code [x, y, w, h]} in pixels.
 *
 * @param id the annotation id
 * @param area the annotation's {@code area} (pycocotools' area-range test uses it; w * h when the file has none)
 * @param crowd COCO {@code iscrowd}: ignored by COCO AP (matched any number of times, never a false negative)
 * @param difficult VOC "difficult": neither a true nor a false positive when matched, not in the recall
 *     denominator (for VOC metrics, a crowd box counts as difficult too; see {@link #vocDifficult()})
 */
public record GroundTruthBox(long id, long imageId, long categoryId, double x, double y, double w, double h,
        double area, boolean crowd, boolean difficult) {

    /** Whether VOC metrics treat the box as difficult: marked difficult, or a crowd region. */
    public boolean vocDifficult() {
        return difficult || crowd;
    }
}
