package io.github.advent.eval.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * PASCAL VOC AP at IoU 0.5 with every convention of py-faster-rcnn's {@code voc_eval}:
 * <ul>
 * <li>a COCO box {@code [x, y, w, h]} becomes the corners {@code (x, y, x + w, y + h)}, read as
 *     inclusive pixel coordinates: width = x2 - x1 + 1, likewise height, intersection and areas;</li>
 * <li>detections are taken in descending score (ties in file order); each is compared with every
 *     box of its image and class and takes the one of largest overlap (the first on ties); it is a
 *     true positive if that overlap is strictly above 0.5 and the box is not matched yet, a false
 *     positive if the box was matched already or the overlap is at most 0.5;</li>
 * <li>a detection whose best box is difficult counts as neither, and difficult boxes are not in
 *     the recall denominator;</li>
 * <li>precision = tp / max(tp + fp, machine epsilon), recall = tp / boxes;</li>
 * <li>11-point AP (VOC07): the mean over t = i * 0.1 (computed so in floating point, i = 0..10,
 *     as {@code np.arange(0., 1.1, 0.1)} does) of the largest precision at recall >= t, 0 when none;
 *     all-point AP: the area under the monotone precision envelope.</li>
 * </ul>
 * Two cases voc_eval itself does not survive are defined here: a class with boxes but no
 * detection scores 0 (voc_eval's {@code voc_ap} on the empty curve; voc_eval raises on the empty
 * detection file), and a class with no countable box has no AP (NaN, left out of the mean;
 * voc_eval divides by zero).
 */
public final class VocAp {
    private static final double EPS = Math.ulp(1.0); // np.finfo(np.float64).eps
    private static final double OVERLAP = 0.5;

    private VocAp() {}

    /** The AP of every category of {@code truth}. */
    public static List<ClassAp> evaluate(DetectionGroundTruth truth, List<Detection> detections, boolean use07) {
        List<ClassAp> out = new ArrayList<>();
        for (Category c : truth.categories()) {
            out.add(evaluateClass(c, truth.boxesByImage(c.id()), detections.stream()
                    .filter(d -> d.categoryId() == c.id()).toList(), use07));
        }
        return out;
    }

    static ClassAp evaluateClass(Category category, Map<Long, List<GroundTruthBox>> boxesByImage,
            List<Detection> classDetections, boolean use07) {
        int npos = 0;
        int ignored = 0;
        for (List<GroundTruthBox> boxes : boxesByImage.values()) {
            for (GroundTruthBox b : boxes) {
                if (b.vocDifficult()) {
                    ignored++;
                } else {
                    npos++;
                }
            }
        }
        List<Detection> sorted = new ArrayList<>(classDetections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed()); // stable: ties keep file order
        int nd = sorted.size();
        double[] tp = new double[nd];
        double[] fp = new double[nd];
        java.util.Map<Long, boolean[]> matched = new java.util.HashMap<>();
        for (int d = 0; d < nd; d++) {
            Detection det = sorted.get(d);
            List<GroundTruthBox> boxes = boxesByImage.getOrDefault(det.imageId(), List.of());
            double bx1 = det.x();
            double by1 = det.y();
            double bx2 = det.x() + det.w();
            double by2 = det.y() + det.h();
            double ovmax = Double.NEGATIVE_INFINITY;
            int jmax = -1;
            for (int j = 0; j < boxes.size(); j++) {
                GroundTruthBox g = boxes.get(j);
                double gx1 = g.x();
                double gy1 = g.y();
                double gx2 = g.x() + g.w();
                double gy2 = g.y() + g.h();
                double ixmin = Math.max(gx1, bx1);
                double iymin = Math.max(gy1, by1);
                double ixmax = Math.min(gx2, bx2);
                double iymax = Math.min(gy2, by2);
                double iw = Math.max(ixmax - ixmin + 1., 0.);
                double ih = Math.max(iymax - iymin + 1., 0.);
                double inters = iw * ih;
                double uni = (bx2 - bx1 + 1.) * (by2 - by1 + 1.) + (gx2 - gx1 + 1.) * (gy2 - gy1 + 1.) - inters;
                double overlap = inters / uni;
                if (overlap > ovmax || jmax < 0) { // np.max / np.argmax: the first of equal maxima
                    ovmax = overlap;
                    jmax = j;
                }
            }
            if (ovmax > OVERLAP) {
                GroundTruthBox best = boxes.get(jmax);
                if (!best.vocDifficult()) {
                    boolean[] seen = matched.computeIfAbsent(det.imageId(), k -> new boolean[boxes.size()]);
                    if (!seen[jmax]) {
                        tp[d] = 1;
                        seen[jmax] = true;
                    } else {
                        fp[d] = 1;
                    }
                }
            } else {
                fp[d] = 1;
            }
        }
        int tpTotal = 0;
        int fpTotal = 0;
        double[] rec = new double[nd];
        double[] prec = new double[nd];
        double tpSum = 0;
        double fpSum = 0;
        for (int d = 0; d < nd; d++) {
            tpSum += tp[d];
            fpSum += fp[d];
            rec[d] = tpSum / npos;
            prec[d] = tpSum / Math.max(tpSum + fpSum, EPS);
        }
        tpTotal = (int) tpSum;
        fpTotal = (int) fpSum;
        double ap = npos == 0 ? Double.NaN : (use07 ? elevenPoint(rec, prec) : allPoint(rec, prec));
        double recall = npos == 0 ? Double.NaN : (nd == 0 ? 0 : rec[nd - 1]);
        return new ClassAp(category, ap, npos, ignored, nd, tpTotal, fpTotal, recall);
    }

    /** VOC07: mean over t = i * 0.1, i = 0..10, of the largest precision at recall >= t (0 if none). */
    public static double elevenPoint(double[] rec, double[] prec) {
        double ap = 0.;
        for (int i = 0; i <= 10; i++) {
            double t = i * 0.1; // 0.30000000000000004, 0.6000000000000001, ... exactly as np.arange gives
            double p = 0;
            boolean any = false;
            for (int k = 0; k < rec.length; k++) {
                if (rec[k] >= t && (!any || prec[k] > p)) {
                    p = prec[k];
                    any = true;
                }
            }
            ap = ap + p / 11.;
        }
        return ap;
    }

    /** VOC2010+: the area under the monotone envelope of precision, summed where recall changes. */
    public static double allPoint(double[] rec, double[] prec) {
        int n = rec.length + 2;
        double[] mrec = new double[n];
        double[] mpre = new double[n];
        mrec[0] = 0.;
        mpre[0] = 0.;
        System.arraycopy(rec, 0, mrec, 1, rec.length);
        System.arraycopy(prec, 0, mpre, 1, prec.length);
        mrec[n - 1] = 1.;
        mpre[n - 1] = 0.;
        for (int i = n - 1; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
        }
        double ap = 0;
        for (int i = 0; i < n - 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return ap;
    }
}
