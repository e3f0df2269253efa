package io.github.advent.segmentation.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * How many bottleneck blocks each of DeepLab-V2's four ResNet stages has. The paper's network is
 * {@link #RESNET101}; the small depths share the code, the key pattern and the output stride, and exist
 * for tests and CPU demos. The name is the usual ResNet depth: 3 · (blocks) + 2 weighted layers.
 */
public enum Depth {
    /** [3, 4, 23, 3]: ADVENT's network. */
    RESNET101(3, 4, 23, 3),
    /** [3, 4, 6, 3]. */
    RESNET50(3, 4, 6, 3),
    /** [2, 2, 2, 2]: a demo network. */
    RESNET26(2, 2, 2, 2),
    /** [1, 1, 1, 1]: the smallest network with every key kind (each block is a stage's first, with a downsample). */
    RESNET14(1, 1, 1, 1);

    private final int[] blocks;

    Depth(int... blocks) {
        this.blocks = blocks;
    }

    /** Blocks per stage, layer1..layer4; a copy. */
    public int[] blocks() {
        return blocks.clone();
    }

    /** Blocks in stage {@code stage} (0..3). */
    public int blocks(int stage) {
        return blocks[stage];
    }

    /** {@code resnet101}, {@code resnet50}, … as used in architecture names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The depth whose {@link #id()} is {@code id}. */
    public static Depth fromId(String id) {
        for (Depth d : values()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown depth '" + id + "'; known: "
                + Arrays.stream(values()).map(Depth::id).toList());
    }
}
