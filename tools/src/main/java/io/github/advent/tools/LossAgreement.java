package io.github.advent.tools;

import java.util.List;
import java.util.Map;

/**
 * How closely two runs of the same iterations agree: the largest relative difference of any loss at any iteration,
 * {@code |a − b| / max(|a|, |b|)} (0 when both are 0), and where it is.
 */
record LossAgreement(double worstRelative, String worstLoss, int worstIteration) {

    /** Compares iteration by iteration; a different iteration count or loss name is an error. */
    static LossAgreement of(List<Map<String, Double>> a, List<Map<String, Double>> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(a.size() + " iterations against " + b.size());
        }
        LossAgreement worst = new LossAgreement(0, "", -1);
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).keySet().equals(b.get(i).keySet())) {
                throw new IllegalArgumentException("iteration " + i + ": losses " + a.get(i).keySet() + " against "
                        + b.get(i).keySet());
            }
            for (Map.Entry<String, Double> loss : a.get(i).entrySet()) {
                double x = loss.getValue();
                double y = b.get(i).get(loss.getKey());
                double scale = Math.max(Math.abs(x), Math.abs(y));
                double relative = scale == 0 ? 0 : Double.isFinite(x - y) ? Math.abs(x - y) / scale : Double.POSITIVE_INFINITY;
                if (relative > worst.worstRelative || Double.isNaN(relative)) {
                    worst = new LossAgreement(Double.isNaN(relative) ? Double.POSITIVE_INFINITY : relative, loss.getKey(), i);
                }
            }
        }
        return worst;
    }

    boolean within(double tolerance) {
        return worstRelative <= tolerance;
    }
}
