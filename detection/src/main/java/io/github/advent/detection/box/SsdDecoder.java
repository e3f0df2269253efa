package io.github.advent.detection.box;

import java.util.ArrayList;
import java.util.List;

/**
 * SSD's inference post-processing for one image, on plain float arrays: softmax over each default box's K
 * logits, decoding of its 4 offsets against the default box, NMS for each object class 1..K−1 separately
 * ({@link Nms}), then the {@code maxDetections} highest-scoring detections over all classes (ties: lower class,
 * then lower default-box index first). Background (class 0) is never reported. {@link DecodeRules} say whether
 * size offsets are limited and boxes clipped to the image before NMS (torchvision) or not (ssd.pytorch).
 */
public final class SsdDecoder {
    private final DefaultBoxes priors;
    private final int classes;
    private final NmsOptions options;
    private final DecodeRules rules;

    /** ssd.pytorch's decoding ({@link DecodeRules#SSD_PYTORCH}). */
    public SsdDecoder(DefaultBoxes priors, int classes, NmsOptions options) {
        this(priors, classes, options, DecodeRules.SSD_PYTORCH);
    }

    public SsdDecoder(DefaultBoxes priors, int classes, NmsOptions options, DecodeRules rules) {
        if (classes < 2) {
            throw new IllegalArgumentException("SSD needs background plus at least one class, got " + classes);
        }
        this.priors = priors;
        this.classes = classes;
        this.options = options;
        this.rules = rules;
    }

    public NmsOptions options() {
        return options;
    }

    /**
     * @param logits {@code P x K} class logits of one image, default-box order
     * @param offsets {@code P x 4} regression outputs of the same image
     */
    public List<Detection> decode(float[] logits, float[] offsets) {
        int count = priors.count();
        if (logits.length != count * classes || offsets.length != count * 4) {
            throw new IllegalArgumentException("expected " + count + " x " + classes + " logits and " + count
                    + " x 4 offsets, got " + logits.length + " and " + offsets.length + " values");
        }
        float[] corners = BoxCoding.decodeAll(offsets, priors, rules.sizeLogLimit());
        if (rules.clipBeforeNms()) {
            for (int i = 0; i < corners.length; i++) {
                corners[i] = Math.min(1f, Math.max(0f, corners[i]));
            }
        }
        float[][] scores = softmaxByClass(logits, count);
        List<Detection> all = new ArrayList<>();
        for (int c = 1; c < classes; c++) {
            for (int p : Nms.suppress(corners, scores[c], options, options.maxDetections())) {
                int o = 4 * p;
                all.add(new Detection(corners[o], corners[o + 1], corners[o + 2], corners[o + 3], c, scores[c][p]));
            }
        }
        // a stable sort keeps the class order, then the score order within a class, among equal scores
        all.sort((a, b) -> Float.compare(b.score(), a.score()));
        return all.size() > options.maxDetections() ? List.copyOf(all.subList(0, options.maxDetections())) : all;
    }

    /** Softmax of each box's logits, transposed to one array of P scores per class. */
    private float[][] softmaxByClass(float[] logits, int count) {
        float[][] scores = new float[classes][count];
        double[] e = new double[classes];
        for (int p = 0; p < count; p++) {
            int o = p * classes;
            float max = logits[o];
            for (int k = 1; k < classes; k++) {
                max = Math.max(max, logits[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                e[k] = Math.exp(logits[o + k] - max);
                sum += e[k];
            }
            for (int k = 0; k < classes; k++) {
                scores[k][p] = (float) (e[k] / sum);
            }
        }
        return scores;
    }

    @Override
    public String toString() {
        return "SsdDecoder[" + priors.count() + " default boxes, " + classes + " classes, " + options + ", " + rules + "]";
    }
}
