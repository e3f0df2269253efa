package io.github.advent.classification.model;

import io.github.advent.entropy.checkpoint.ModelIdentity;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a torchvision-style ResNet classifier: its depth (bottleneck stages), its stem width and the number
 * of classes.
 *
 * <p>Depths: 50 ({@code 3, 4, 6, 3} bottlenecks, torchvision's {@code resnet50}), 26 ({@code 2, 2, 2, 2}) and 14
 * ({@code 1, 1, 1, 1}), the last two for tests and the demo. The stem width is 64 in torchvision; stage {@code s}
 * has {@code width << s} planes and {@code 4·(width << s)} output channels, so {@code fc} sees {@code 32·width}
 * features (2048 for ResNet-50).
 *
 * <p>{@link #architecture()} names the network in checkpoints: {@code resnet50}, {@code resnet26}, {@code resnet14},
 * followed by {@code -w<stem width>} when the width is not 64 ({@code resnet14-w8}).
 */
public record ResNetConfig(int depth, int width, int numClasses) {
    public static final int TORCHVISION_WIDTH = 64;
    private static final Pattern NAME = Pattern.compile("resnet(\\d+)(?:-w(\\d+))?");

    public ResNetConfig {
        if (depth != 50 && depth != 26 && depth != 14) {
            throw new IllegalArgumentException("ResNet depth must be 50, 26 or 14: " + depth);
        }
        if (width < 4 || width > TORCHVISION_WIDTH || Integer.bitCount(width) != 1) {
            throw new IllegalArgumentException("ResNet stem width must be a power of two from 4 to 64: " + width);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes: " + numClasses);
        }
    }

    /** torchvision's {@code resnet50} with {@code numClasses} outputs. */
    public static ResNetConfig resnet50(int numClasses) {
        return new ResNetConfig(50, TORCHVISION_WIDTH, numClasses);
    }

    /** Bottlenecks in stage {@code stage} (0..3). */
    public int blocks(int stage) {
        return switch (depth) {
            case 50 -> new int[] {3, 4, 6, 3}[stage];
            case 26 -> 2;
            default -> 1;
        };
    }

    /** Channels into {@code fc}: the last stage's output, {@code 32·width}. */
    public int features() {
        return (width << 3) * ResNet.EXPANSION;
    }

    public String architecture() {
        return "resnet" + depth + (width == TORCHVISION_WIDTH ? "" : "-w" + width);
    }

    public ModelIdentity identity() {
        return new ModelIdentity(architecture(), numClasses);
    }

    /** The configuration a checkpoint's identity names. */
    public static ResNetConfig of(ModelIdentity identity) {
        return parse(identity.architecture(), identity.numClasses());
    }

    /** Whether {@code architecture} is a ResNet classifier's name as {@link #architecture()} writes it. */
    public static boolean isArchitecture(String architecture) {
        try {
            parse(architecture, 2);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The configuration of {@code architecture} with {@code numClasses}. */
    public static ResNetConfig parse(String architecture, int numClasses) {
        Matcher m = NAME.matcher(architecture);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a ResNet classifier architecture: '" + architecture
                    + "' (expected resnet50, resnet26 or resnet14, optionally with -w<width>, e.g. resnet14-w8)");
        }
        int width = m.group(2) == null ? TORCHVISION_WIDTH : Integer.parseInt(m.group(2));
        ResNetConfig config = new ResNetConfig(Integer.parseInt(m.group(1)), width, numClasses);
        if (!config.architecture().equals(architecture)) {
            throw new IllegalArgumentException("not a canonical ResNet architecture name: '" + architecture + "'");
        }
        return config;
    }
}
