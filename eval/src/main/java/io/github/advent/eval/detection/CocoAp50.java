package io.github.advent.eval.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * COCO AP at IoU 0.5 with every convention of pycocotools' {@code COCOeval} (iouType 'bbox',
 * iouThrs [0.5], area range 'all', maxDets 100):
 * <ul>
 * <li>boxes are {@code [x, y, w, h]} with no +1: IoU = intersection / (area_d + area_g - intersection),
 *     and for a crowd box intersection / area_d;</li>
 * <li>per image and class, detections are sorted by descending score (stable) and only the best
 *     {@value #MAX_DETECTIONS} are kept; boxes are ordered regular first, crowd last;</li>
 * <li>each detection takes the not-yet-matched regular box (crowd boxes may be matched any number of
 *     times) of largest IoU, at least 0.5 (ties: the later box), preferring a regular box to a crowd
 *     one; a detection matched to a crowd box, or unmatched with an area outside [0, 1e10], is
 *     ignored; crowd boxes and boxes of area outside that range are not in the recall denominator;</li>
 * <li>all images' detections of a class are merged in image-id order and stably sorted by score;
 *     precision = tp / (tp + fp + 2^-52), made monotone from the right, is read at the 101 recall
 *     thresholds i * 0.01 (the first detection reaching each), 0 past the last recall reached;</li>
 * <li>a class's AP is the mean of those 101 values; a class with no countable box has none (NaN,
 *     pycocotools' -1) and is left out of the mean over classes.</li>
 * </ul>
 * pycocotools records matches by annotation id and so treats a match to an annotation whose id
 * is 0 as a false positive; this implementation has no such quirk (the command line refuses
 * annotation id 0 for coco50 so that the two never differ).
 */
public final class CocoAp50 {
    /** Detections kept per image and class (pycocotools' {@code maxDets[-1]}). */
    public static final int MAX_DETECTIONS = 100;
    private static final double IOU_THRESHOLD = Math.min(0.5, 1 - 1e-10);
    private static final double SPACING = Math.ulp(1.0); // np.spacing(1)
    private static final double AREA_MAX = 1e5 * 1e5;
    private static final int RECALL_POINTS = 101;

    private CocoAp50() {}

    /** The 101 recall thresholds, {@code np.linspace(0, 1, 101)}: i * 0.01, the last exactly 1. */
    public static double[] recallThresholds() {
        double[] t = new double[RECALL_POINTS];
        double step = 1.0 / (RECALL_POINTS - 1);
        for (int i = 0; i < RECALL_POINTS; i++) {
            t[i] = i * step + 0.0;
        }
        t[RECALL_POINTS - 1] = 1.0;
        return t;
    }

    /** The per-class results and, in {@code precisionOut} (if not null), each defined class's 101 precisions. */
    public static List<ClassAp> evaluate(DetectionGroundTruth truth, List<Detection> detections,
            List<double[]> precisionOut) {
        List<ClassAp> out = new ArrayList<>();
        for (Category c : truth.categories()) {
            Map<Long, List<GroundTruthBox>> boxes = truth.boxesByImage(c.id());
            Map<Long, List<Detection>> dets = new java.util.HashMap<>();
            for (Detection d : detections) {
                if (d.categoryId() == c.id()) {
                    dets.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
                }
            }
            double[] q = new double[RECALL_POINTS];
            ClassAp ap = evaluateClass(c, truth.imageIds(), boxes, dets, q);
            out.add(ap);
            if (precisionOut != null && !Double.isNaN(ap.ap())) {
                precisionOut.add(q);
            }
        }
        return out;
    }

    /** pycocotools' summary: the mean over all 101 precisions of every defined class. */
    public static double mean(List<double[]> precisions) {
        double sum = 0;
        int n = 0;
        for (double[] q : precisions) {
            for (double v : q) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private record Scored(double score, boolean matched, boolean ignored) {}

    static ClassAp evaluateClass(Category category, List<Long> imageIds, Map<Long, List<GroundTruthBox>> boxesByImage,
            Map<Long, List<Detection>> detsByImage, double[] q) {
        List<Scored> all = new ArrayList<>();
        int npig = 0;
        int ignoredBoxes = 0;
        boolean anyImage = false;
        for (long imageId : imageIds) {
            List<GroundTruthBox> gts = boxesByImage.getOrDefault(imageId, List.of());
            List<Detection> dts = detsByImage.getOrDefault(imageId, List.of());
            if (gts.isEmpty() && dts.isEmpty()) {
                continue;
            }
            anyImage = true;
            // boxes: regular first, ignored last (stable)
            List<GroundTruthBox> g = new ArrayList<>(gts);
            g.sort(Comparator.comparingInt(b -> ignored(b) ? 1 : 0));
            List<Detection> d = new ArrayList<>(dts);
            d.sort(Comparator.comparingDouble(Detection::score).reversed());
            if (d.size() > MAX_DETECTIONS) {
                d = d.subList(0, MAX_DETECTIONS);
            }
            boolean[] gtIgnore = new boolean[g.size()];
            for (int j = 0; j < g.size(); j++) {
                gtIgnore[j] = ignored(g.get(j));
                if (gtIgnore[j]) {
                    ignoredBoxes++;
                } else {
                    npig++;
                }
            }
            boolean[] gtMatched = new boolean[g.size()];
            for (Detection det : d) {
                double best = IOU_THRESHOLD;
                int m = -1;
                for (int j = 0; j < g.size(); j++) {
                    GroundTruthBox box = g.get(j);
                    if (gtMatched[j] && !box.crowd()) {
                        continue;
                    }
                    if (m > -1 && !gtIgnore[m] && gtIgnore[j]) {
                        break;
                    }
                    double iou = iou(det, box);
                    if (iou < best) {
                        continue;
                    }
                    best = iou;
                    m = j;
                }
                if (m == -1) {
                    double area = det.w() * det.h();
                    all.add(new Scored(det.score(), false, area < 0 || area > AREA_MAX));
                } else {
                    gtMatched[m] = true;
                    all.add(new Scored(det.score(), true, gtIgnore[m]));
                }
            }
        }
        if (!anyImage || npig == 0) {
            return new ClassAp(category, Double.NaN, npig, ignoredBoxes, all.size(), 0, 0, Double.NaN);
        }
        all.sort(Comparator.comparingDouble(Scored::score).reversed()); // stable, as mergesort
        int nd = all.size();
        double[] rc = new double[nd];
        double[] pr = new double[nd];
        double tp = 0;
        double fp = 0;
        for (int i = 0; i < nd; i++) {
            Scored s = all.get(i);
            if (!s.ignored()) {
                if (s.matched()) {
                    tp++;
                } else {
                    fp++;
                }
            }
            rc[i] = tp / npig;
            pr[i] = tp / (fp + tp + SPACING);
        }
        for (int i = nd - 1; i > 0; i--) {
            if (pr[i] > pr[i - 1]) {
                pr[i - 1] = pr[i];
            }
        }
        double[] thresholds = recallThresholds();
        java.util.Arrays.fill(q, 0);
        int pi = 0;
        for (int ri = 0; ri < thresholds.length; ri++) {
            while (pi < nd && rc[pi] < thresholds[ri]) { // np.searchsorted(rc, t, side='left')
                pi++;
            }
            if (pi >= nd) {
                break;
            }
            q[ri] = pr[pi];
        }
        double sum = 0;
        for (double v : q) {
            sum += v;
        }
        return new ClassAp(category, sum / RECALL_POINTS, npig, ignoredBoxes, nd, (int) tp, (int) fp,
                nd == 0 ? 0 : rc[nd - 1]);
    }

    private static boolean ignored(GroundTruthBox b) {
        return b.crowd() || b.area() < 0 || b.area() > AREA_MAX;
    }

    /** pycocotools' bbIou: no +1; a crowd box divides by the detection's area. */
    static double iou(Detection d, GroundTruthBox g) {
        double w = Math.min(d.w() + d.x(), g.w() + g.x()) - Math.max(d.x(), g.x());
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(d.h() + d.y(), g.h() + g.y()) - Math.max(d.y(), g.y());
        if (h <= 0) {
            return 0;
        }
        double i = w * h;
        double da = d.w() * d.h();
        double u = g.crowd() ? da : da + g.w() * g.h() - i;
        return i / u;
    }
}
