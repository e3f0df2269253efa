package io.github.advent.entropy.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import io.github.advent.entropy.util.SplitMix64;

/**
 * ADVENT's fully convolutional domain discriminator (ADVENT-SPEC section 3): five convolutions with
 * widths {@code w, 2w, 4w, 8w, 1} (w = 64 in the paper), LeakyReLU 0.2 between them, no
 * normalisation, logits out.
 *
 * <p>In the paper all five are 4x4 / stride 2 / padding 1, giving a 1/32-resolution logit map.
 * A small map (a detector's 10x10 source map, a classifier's 1x1) cannot be halved five times, so
 * only {@code floor(log2(min side))} layers (at most 5) keep that form and the rest become 1x1
 * convolutions: the depth and widths stay the paper's, the output map is at least 1x1.
 */
public final class Discriminator {
    /** The paper's base width. */
    public static final int PAPER_BASE_WIDTH = 64;

    public static final int LAYERS = 5;

    private Discriminator() {}

    /** How many 4x4 / stride-2 layers a map whose smaller side is {@code minMapSide} allows. */
    public static int strideTwoLayers(int minMapSide) {
        if (minMapSide < 1) {
            throw new IllegalArgumentException("map side must be positive: " + minMapSide);
        }
        int layers = 31 - Integer.numberOfLeadingZeros(minMapSide);
        return Math.min(LAYERS, layers);
    }

    /** The (uninitialised) block; the PyTorch-index of layer i's parameters is {@code 2i} ({@code 0.*, 2.*, … 8.*}). */
    public static SequentialBlock block(int baseWidth, int minMapSide) {
        int strided = strideTwoLayers(minMapSide);
        int[] widths = {baseWidth, baseWidth * 2, baseWidth * 4, baseWidth * 8, 1};
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < LAYERS; i++) {
            boolean halves = i < strided;
            block.add(Conv2d.builder()
                    .setKernelShape(halves ? new Shape(4, 4) : new Shape(1, 1))
                    .optStride(halves ? new Shape(2, 2) : new Shape(1, 1))
                    .optPadding(halves ? new Shape(1, 1) : new Shape(0, 0))
                    .setFilters(widths[i])
                    .build());
            if (i < LAYERS - 1) {
                block.add(Activation.leakyReluBlock(0.2f));
            }
        }
        return block;
    }

    /** A discriminator for {@code inChannels}-channel maps, initialised as PyTorch initialises its convs. */
    public static SequentialBlock create(
            NDManager manager, int inChannels, int baseWidth, int minMapSide, SplitMix64 random) {
        SequentialBlock block = block(baseWidth, minMapSide);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inChannels, minMapSide, minMapSide));
        TorchInit.defaultConv(block, random);
        return block;
    }
}
