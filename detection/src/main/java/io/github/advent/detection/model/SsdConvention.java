package io.github.advent.detection.model;

import io.github.advent.detection.box.DecodeRules;
import io.github.advent.detection.box.DefaultBoxes;
import io.github.advent.detection.box.FeatureMapSpec;
import io.github.advent.detection.data.SsdPreprocessing;
import java.util.List;

/**
 * The conventions an SSD-300's weights were trained with, beyond its layers: default boxes, input
 * pre-processing, L2Norm's guard against a zero norm and box decoding. They travel with a checkpoint in the
 * architecture name ({@link SsdConfig#architecture()}), so that {@code predict}, {@code evaluate} and
 * {@code train} use the ones the weights expect.
 *
 * <ul>
 *   <li>{@link #SSD_PYTORCH} — the original SSD and ssd.pytorch: default boxes of min sizes 30 … 264 and max
 *       sizes 60 … 315 ({@link DefaultBoxes#SSD300_MAPS}); the image resized to 300x300 (OpenCV's bilinear),
 *       BGR, the mean (104, 117, 123) subtracted; L2Norm {@code x / (‖x‖ + 1e-10)}; decoded boxes neither
 *       limited nor clipped before NMS;
 *   <li>{@link #TORCHVISION} — torchvision's {@code ssd300_vgg16} ({@code DefaultBoxGenerator} with scales
 *       0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05, i.e. min sizes 21 … 261 and max sizes 45 … 315, the same steps
 *       and aspect ratios, sizes clipped to 1 but centres not); RGB scaled to [0, 1], the mean (0.48235, 0.45882, 0.40784)
 *       subtracted and divided by 1/255, then resized to 300x300 by bilinear interpolation without
 *       anti-aliasing ({@code GeneralizedRCNNTransform}); L2Norm {@code x / max(‖x‖, 1e-12)}
 *       ({@code F.normalize}); size offsets limited to ln(1000 / 16) and boxes clipped to the image before NMS
 *       ({@code BoxCoder.decode_single}, {@code clip_boxes_to_image}).
 * </ul>
 * Both then keep, per class, the candidates scoring above 0.01, the 400 best, NMS at IoU 0.45, and 200
 * detections per image ({@link io.github.advent.detection.box.NmsOptions#SSD}). Matching and the MultiBox loss
 * are the same in both (torchvision's box weights 10, 10, 5, 5 are ssd.pytorch's variances 0.1, 0.2).
 */
public enum SsdConvention {
    SSD_PYTORCH("ssd.pytorch", "", DefaultBoxes.SSD300_MAPS, true, SsdPreprocessing.ssd300(), 1e-10f, false,
            DecodeRules.SSD_PYTORCH),
    TORCHVISION("torchvision", "-torchvision", DefaultBoxes.TORCHVISION_MAPS, false, SsdPreprocessing.torchvision300(),
            1e-12f, true, DecodeRules.TORCHVISION);

    private final String displayName;
    private final String suffix;
    private final List<FeatureMapSpec> maps;
    private final DefaultBoxes priors;
    private final SsdPreprocessing preprocessing;
    private final float l2NormEpsilon;
    private final boolean l2NormClampsNorm;
    private final DecodeRules decoding;

    SsdConvention(String displayName, String suffix, List<FeatureMapSpec> maps, boolean clipCentres,
            SsdPreprocessing preprocessing, float l2NormEpsilon,
            boolean l2NormClampsNorm, DecodeRules decoding) {
        this.displayName = displayName;
        this.suffix = suffix;
        this.maps = maps;
        this.priors = DefaultBoxes.of(DefaultBoxes.SSD300_IMAGE_SIZE, maps, clipCentres);
        this.preprocessing = preprocessing;
        this.l2NormEpsilon = l2NormEpsilon;
        this.l2NormClampsNorm = l2NormClampsNorm;
        this.decoding = decoding;
    }

    /** The implementation the conventions come from, for messages. */
    public String displayName() {
        return displayName;
    }

    /** What the architecture name ends with: "" for ssd.pytorch's, {@code -torchvision}. */
    public String suffix() {
        return suffix;
    }

    /** The six source maps with this convention's default-box sizes (names, sizes and steps are SSD-300's). */
    public List<FeatureMapSpec> featureMaps() {
        return maps;
    }

    /** The 8,732 default boxes. */
    public DefaultBoxes priors() {
        return priors;
    }

    /** The input pre-processing (300x300). */
    public SsdPreprocessing preprocessing() {
        return preprocessing;
    }

    /** L2Norm's guard: added to the norm, or (when {@link #l2NormClampsNorm()}) its lower bound. */
    public float l2NormEpsilon() {
        return l2NormEpsilon;
    }

    /** Whether L2Norm divides by {@code max(‖x‖, ε)} ({@code F.normalize}) rather than {@code ‖x‖ + ε}. */
    public boolean l2NormClampsNorm() {
        return l2NormClampsNorm;
    }

    /** How regression outputs become boxes before NMS. */
    public DecodeRules decoding() {
        return decoding;
    }

    /** The convention an architecture name ends with. */
    public static SsdConvention ofArchitecture(String architecture) {
        return architecture.endsWith(TORCHVISION.suffix) ? TORCHVISION : SSD_PYTORCH;
    }
}
