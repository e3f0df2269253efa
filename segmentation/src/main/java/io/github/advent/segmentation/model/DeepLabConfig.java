package io.github.advent.segmentation.model;

import io.github.advent.entropy.checkpoint.ModelIdentity;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a DeepLab-V2 network: stage depths, a width divisor and the number of classes.
 *
 * <p>{@code widthDivisor} divides every channel count (stem 64, stage widths 64/128/256/512, hence the
 * heads' inputs 1024 and 2048); 1 is the paper's network. Valid divisors: 1, 2, 4, 8, 16.
 *
 * <p>{@link #architecture()} names the network in checkpoints: {@code deeplabv2-resnet101},
 * {@code deeplabv2-resnet50}, {@code deeplabv2-resnet26}, {@code deeplabv2-resnet14}, followed by
 * {@code -w<stem width>} when the divisor is not 1 (e.g. {@code deeplabv2-resnet26-w16} for divisor 4).
 */
public record DeepLabConfig(Depth depth, int widthDivisor, int numClasses) {
    public static final String PREFIX = "deeplabv2-";
    public static final int STEM_WIDTH = 64;
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9]+)(?:-w(\\d+))?");

    public DeepLabConfig {
        if (depth == null) {
            throw new IllegalArgumentException("depth is required");
        }
        if (widthDivisor < 1 || widthDivisor > 16 || Integer.bitCount(widthDivisor) != 1) {
            throw new IllegalArgumentException("width divisor must be 1, 2, 4, 8 or 16: " + widthDivisor);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be positive: " + numClasses);
        }
    }

    /** The paper's network: ResNet-101, full width. */
    public static DeepLabConfig resnet101(int numClasses) {
        return new DeepLabConfig(Depth.RESNET101, 1, numClasses);
    }

    /** Channels of the stem (64 / divisor); stage i has {@code stemWidth << i} planes. */
    public int stemWidth() {
        return STEM_WIDTH / widthDivisor;
    }

    /** Channels into the auxiliary head {@code layer5} (layer3's output: 1024 / divisor). */
    public int auxChannels() {
        return stemWidth() * 4 * DeepLabV2.EXPANSION;
    }

    /** Channels into the main head {@code layer6} (layer4's output: 2048 / divisor). */
    public int mainChannels() {
        return stemWidth() * 8 * DeepLabV2.EXPANSION;
    }

    public String architecture() {
        return PREFIX + depth.id() + (widthDivisor == 1 ? "" : "-w" + stemWidth());
    }

    public ModelIdentity identity() {
        return new ModelIdentity(architecture(), numClasses);
    }

    /** The configuration a checkpoint's identity names. */
    public static DeepLabConfig of(ModelIdentity identity) {
        return parse(identity.architecture(), identity.numClasses());
    }

    /** The configuration of {@code architecture} (as {@link #architecture()} writes it) with {@code numClasses}. */
    public static DeepLabConfig parse(String architecture, int numClasses) {
        Matcher m = NAME.matcher(architecture);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a DeepLab-V2 architecture name: '" + architecture
                    + "' (expected e.g. deeplabv2-resnet101 or deeplabv2-resnet26-w16)");
        }
        Depth depth = Depth.fromId(m.group(1));
        int divisor = 1;
        if (m.group(2) != null) {
            int width = Integer.parseInt(m.group(2));
            if (width < 1 || width >= STEM_WIDTH || STEM_WIDTH % width != 0) {
                throw new IllegalArgumentException("bad stem width in '" + architecture + "'");
            }
            divisor = STEM_WIDTH / width;
        }
        DeepLabConfig config = new DeepLabConfig(depth, divisor, numClasses);
        if (!config.architecture().equals(architecture)) {
            throw new IllegalArgumentException("not a canonical DeepLab-V2 architecture name: '" + architecture + "'");
        }
        return config;
    }

    /** Logit map height or width for an input side of {@code inputSide} pixels (output stride 8). */
    public static int outputSide(int inputSide) {
        int stem = (inputSide + 2 * 3 - 7) / 2 + 1; // conv 7x7 / 2, padding 3
        int pool = ceilDiv(stem + 2 - 3, 2) + 1; // max-pool 3x3 / 2, padding 1, ceil mode
        if ((pool - 1) * 2 >= stem + 1) {
            pool--; // PyTorch: the last window must start inside the input or its left padding
        }
        return (pool - 1) / 2 + 1; // layer2's strided 1x1 convolution
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
