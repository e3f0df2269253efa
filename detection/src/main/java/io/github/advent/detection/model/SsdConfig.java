package io.github.advent.detection.model;

import io.github.advent.detection.box.FeatureMapSpec;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an SSD-300 network: a width divisor and the number of classes (background included, class 0).
 *
 * <p>{@code widthDivisor} divides every VGG-16 and extra-layer channel count (64 … 1024); the heads keep
 * their outputs (boxes per cell · 4, boxes per cell · K). 1 is the paper's network; 2 … 32 are the same code
 * with the same 300x300 input and the same 8,732 default boxes, for tests and CPU demos.
 *
 * <p>{@link #architecture()} names the network in checkpoints: {@code ssd300-vgg16}, followed by
 * {@code -w<conv1_1 width>} when the divisor is not 1 ({@code ssd300-vgg16-w8} for divisor 8,
 * {@code ssd300-vgg16-w4} for 16), the convention of the DeepLab names, then by {@code -torchvision} for
 * weights that follow torchvision's conventions ({@link SsdConvention}: default boxes, input, decoding), so
 * that the conventions travel with every checkpoint.
 */
public record SsdConfig(int widthDivisor, int numClasses, SsdConvention convention) {
    public static final String PREFIX = "ssd300-vgg16";
    /** Cityscapes' 8 instance classes plus background. */
    public static final int DEFAULT_CLASSES = 9;
    /** conv1_1's width in the full network. */
    public static final int BASE_WIDTH = 64;
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(?:-w(\\d+))?("
            + Pattern.quote(SsdConvention.TORCHVISION.suffix()) + ")?");

    public SsdConfig {
        if (widthDivisor < 1 || widthDivisor > 32 || Integer.bitCount(widthDivisor) != 1) {
            throw new IllegalArgumentException("width divisor must be 1, 2, 4, 8, 16 or 32: " + widthDivisor);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("SSD needs background plus at least one class: " + numClasses);
        }
        if (convention == null) {
            throw new IllegalArgumentException("no SSD convention given");
        }
    }

    /** ssd.pytorch's conventions. */
    public SsdConfig(int widthDivisor, int numClasses) {
        this(widthDivisor, numClasses, SsdConvention.SSD_PYTORCH);
    }

    /** The same network with another class count. */
    public SsdConfig withClasses(int classes) {
        return new SsdConfig(widthDivisor, classes, convention);
    }

    /** The same network with other conventions. */
    public SsdConfig withConvention(SsdConvention other) {
        return new SsdConfig(widthDivisor, numClasses, other);
    }

    /** The paper's network with Cityscapes' 8 classes plus background. */
    public static SsdConfig ssd300() {
        return new SsdConfig(1, DEFAULT_CLASSES);
    }

    /** {@code fullWidth} channels of the paper's network at this divisor. */
    public int width(int fullWidth) {
        return fullWidth / widthDivisor;
    }

    /** The six source maps and their default boxes (SSD-300's layout whatever the width; the convention's box sizes). */
    public List<FeatureMapSpec> featureMaps() {
        return convention.featureMaps();
    }

    /** Channels of the six source maps: conv4_3 512, conv7 1024, conv8_2 512, conv9_2, conv10_2, conv11_2 256. */
    public int[] sourceChannels() {
        return new int[] {width(512), width(1024), width(512), width(256), width(256), width(256)};
    }

    public String architecture() {
        return PREFIX + (widthDivisor == 1 ? "" : "-w" + width(BASE_WIDTH)) + convention.suffix();
    }

    public ModelIdentity identity() {
        return new ModelIdentity(architecture(), numClasses);
    }

    /** The configuration a checkpoint's identity names. */
    public static SsdConfig of(ModelIdentity identity) {
        return parse(identity.architecture(), identity.numClasses());
    }

    /** The configuration of {@code architecture} (as {@link #architecture()} writes it) with {@code numClasses}. */
    public static SsdConfig parse(String architecture, int numClasses) {
        Matcher m = NAME.matcher(architecture);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an SSD architecture name: '" + architecture
                    + "' (expected ssd300-vgg16 or ssd300-vgg16-w<conv1_1 width>, e.g. ssd300-vgg16-w8, optionally"
                    + " followed by -torchvision)");
        }
        int divisor = 1;
        if (m.group(1) != null) {
            int width = Integer.parseInt(m.group(1));
            if (width < 1 || width >= BASE_WIDTH || BASE_WIDTH % width != 0) {
                throw new IllegalArgumentException("bad conv1_1 width in '" + architecture + "' (2, 4, 8, 16 or 32)");
            }
            divisor = BASE_WIDTH / width;
        }
        SsdConfig config = new SsdConfig(divisor, numClasses,
                m.group(2) == null ? SsdConvention.SSD_PYTORCH : SsdConvention.TORCHVISION);
        if (!config.architecture().equals(architecture)) {
            throw new IllegalArgumentException("not a canonical SSD architecture name: '" + architecture + "'");
        }
        return config;
    }

    /** Whether {@code architecture} is an SSD name ({@link #parse} may still refuse its width). */
    public static boolean isSsd(String architecture) {
        return architecture != null && architecture.startsWith(PREFIX);
    }
}
