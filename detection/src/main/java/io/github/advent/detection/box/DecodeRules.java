package io.github.advent.detection.box;

/**
 * How an SSD's regression outputs become the boxes that enter NMS, where implementations differ.
 *
 * @param sizeLogLimit the largest {@code ln(w / w_prior)} (and height) a size offset may decode to;
 *     {@code +∞}: none (ssd.pytorch), {@code ln(1000 / 16)} (torchvision's {@code BoxCoder}, against
 *     {@code exp} overflow)
 * @param clipBeforeNms whether boxes are clipped to the image before NMS (torchvision) or only when reported
 *     (ssd.pytorch); clipping first changes overlaps, so it changes which boxes NMS keeps
 */
public record DecodeRules(double sizeLogLimit, boolean clipBeforeNms) {
    public static final DecodeRules SSD_PYTORCH = new DecodeRules(Double.POSITIVE_INFINITY, false);
    public static final DecodeRules TORCHVISION = new DecodeRules(Math.log(1000.0 / 16), true);

    public DecodeRules {
        if (!(sizeLogLimit > 0)) {
            throw new IllegalArgumentException("the size limit must be positive, got " + sizeLogLimit);
        }
    }
}
