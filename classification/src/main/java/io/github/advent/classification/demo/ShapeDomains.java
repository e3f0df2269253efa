package io.github.advent.classification.demo;

import io.github.advent.classification.data.ClassificationSample;
import io.github.advent.classification.data.Preprocessing;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.util.SplitMix64;
import java.util.List;

/**
 * A built-in domain shift for classification, drawn on the fly: one shape a picture (disc, square, cross, ring), of
 * random size, place and colour, on a dark background. The <b>source</b> style is a clean rendering; the <b>target</b>
 * style draws smaller, dimmer shapes with sensor noise (σ 12 grey levels), as renderings and photos differ. A network
 * trained on the source gets about 97 % of held-out source pictures right and 55-60 % of target ones (chance 25 %).
 * (A first target style, dark shapes on a bright tinted background, left source-only models at chance: nothing for
 * adaptation to start from.) Picture {@code i} of a style and a seed is always the same, so held-out sets are index
 * ranges.
 */
public final class ShapeDomains {
    /** The classes, in label order. */
    public static final List<String> CLASSES = List.of("disc", "square", "cross", "ring");

    /** The two styles. */
    public enum Style { SOURCE, TARGET }

    private ShapeDomains() {}

    /** Picture {@code index} of {@code style} at {@code size x size}, preprocessed as the network takes it. */
    public static ClassificationSample sample(Style style, long seed, long index, int size) {
        SplitMix64 random = SplitMix64.derived(seed * 2 + style.ordinal(), index);
        int label = random.nextInt(CLASSES.size());
        Image8 picture = render(style, label, random, Math.round(size * 8f / 7f));
        return new ClassificationSample(Preprocessing.toInput(picture, size), size, label);
    }

    static Image8 render(Style style, int label, SplitMix64 random, int side) {
        boolean target = style == Style.TARGET;
        double radius = side * (target ? 0.18 + 0.10 * random.nextDouble() : 0.22 + 0.12 * random.nextDouble());
        double cx = side / 2.0 + (random.nextDouble() - 0.5) * (side - 2 * radius) * 0.8;
        double cy = side / 2.0 + (random.nextDouble() - 0.5) * (side - 2 * radius) * 0.8;
        int[] shape = new int[3];
        int[] background = new int[3];
        for (int c = 0; c < 3; c++) {
            shape[c] = target ? 150 + random.nextInt(80) : 180 + random.nextInt(76);
            background[c] = random.nextInt(40);
        }
        double noise = target ? 12 : 0;
        Image8 image = Image8.blank(side, side, 3);
        byte[] data = image.data();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean inside = inside(label, (x + 0.5 - cx) / radius, (y + 0.5 - cy) / radius);
                for (int c = 0; c < 3; c++) {
                    double value = (inside ? shape[c] : background[c]) + (noise > 0 ? random.nextGaussian() * noise : 0);
                    data[(y * side + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                }
            }
        }
        return image;
    }

    /** Whether the point (u, v), in units of the shape's radius around its centre, is inside shape {@code label}. */
    private static boolean inside(int label, double u, double v) {
        double r = Math.sqrt(u * u + v * v);
        return switch (label) {
            case 0 -> r <= 1;
            case 1 -> Math.abs(u) <= 0.85 && Math.abs(v) <= 0.85;
            case 2 -> (Math.abs(u) <= 1 && Math.abs(v) <= 0.3) || (Math.abs(v) <= 1 && Math.abs(u) <= 0.3);
            default -> r <= 1 && r >= 0.6;
        };
    }
}
