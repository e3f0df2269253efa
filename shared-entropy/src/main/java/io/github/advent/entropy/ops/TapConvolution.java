package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Stride-1 "same" convolutions (odd kernel k, dilation d, zero padding d·(k−1)/2) of one input, summed,
 * computed tap by tap: every kernel position t of every branch is an O x C matrix W_t, all of them
 * are applied to the input in a single matrix product, and each O-channel result is shifted by its
 * tap's offset (zeros where it reads padding) and added up. Same result as summing {@code conv2d}s,
 * within float rounding.
 *
 * <p>Why: DeepLab-V2's classifier (four dilated 3x3 convolutions, 2048 → 19 channels) is the slowest
 * part of a training iteration with libtorch 2.7.1's oneDNN kernels on the CPU: its backward pass
 * takes 10x longer than this form's (shared-entropy/README.md). The form pays off when the output
 * channels are few; with many it costs k² times the input's memory in products.
 */
public final class TapConvolution {
    private TapConvolution() {}

    /** One convolution of the sum: an O x C x k x k kernel, its O biases (or null) and its dilation. */
    public record Branch(NDArray weight, NDArray bias, int dilation) {}

    /** A single same-size convolution; see {@link #sum}. */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias, int dilation) {
        return sum(x, List.of(new Branch(weight, bias, dilation)));
    }

    /**
     * @param x N x C x H x W input
     * @param branches the convolutions to sum, all with the same O and C
     * @return N x O x H x W, the sum of every branch's convolution and bias
     */
    public static NDArray sum(NDArray x, List<Branch> branches) {
        Shape in = x.getShape();
        if (in.dimension() != 4 || branches.isEmpty()) {
            throw new IllegalArgumentException("tap convolution needs N x C x H x W input and at least one branch, got "
                    + in + " and " + branches.size());
        }
        long channels = in.get(1);
        long outputs = branches.get(0).weight().getShape().get(0);
        for (Branch branch : branches) {
            Shape k = branch.weight().getShape();
            if (k.dimension() != 4 || k.get(0) != outputs || k.get(1) != channels || k.get(2) != k.get(3)
                    || k.get(2) % 2 == 0 || branch.dilation() < 1) {
                throw new IllegalArgumentException("tap convolution branch with a " + k + " kernel at dilation "
                        + branch.dilation() + " on " + in + ": needs odd square " + outputs + " x " + channels
                        + " kernels and dilation >= 1");
            }
        }
        NDArray[] borrowed = new NDArray[2 * branches.size() + 1];
        borrowed[0] = x;
        for (int i = 0; i < branches.size(); i++) {
            borrowed[1 + 2 * i] = branches.get(i).weight();
            borrowed[2 + 2 * i] = branches.get(i).bias();
        }
        return Scoped.result(x.getManager(), () -> products(x, branches, outputs), borrowed);
    }

    /** The sum, computed; see {@link #sum}. */
    private static NDArray products(NDArray x, List<Branch> branches, long outputs) {
        Shape in = x.getShape();
        long n = in.get(0);
        long channels = in.get(1);
        long height = in.get(2);
        long width = in.get(3);
        NDList tapWeights = new NDList();
        for (Branch branch : branches) {
            Shape k = branch.weight().getShape();
            // (O, C, k, k) -> (k, k, O, C): rows ordered by tap, then output channel
            tapWeights.add(branch.weight().transpose(2, 3, 0, 1).reshape(k.get(2) * k.get(3) * outputs, channels));
        }
        NDArray allTaps = tapWeights.size() == 1 ? tapWeights.head() : NDArrays.concat(tapWeights, 0);
        long taps = allTaps.getShape().get(0) / outputs;
        NDList products = Products.batched(allTaps, x.reshape(n, channels, height * width))
                .reshape(n, taps * outputs, height, width)
                .split(taps, 1);
        NDArray total = null; // never null after the loop: a centre tap (offset 0) always reads the input
        int tap = 0;
        for (Branch branch : branches) {
            int k = Math.toIntExact(branch.weight().getShape().get(2));
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    NDArray shifted = shift(products.get(tap++), (ky - k / 2) * branch.dilation(),
                            (kx - k / 2) * branch.dilation(), height, width);
                    if (shifted != null) {
                        total = total == null ? shifted : total.add(shifted);
                    }
                }
            }
        }
        NDArray bias = null;
        for (Branch branch : branches) {
            if (branch.bias() != null) {
                bias = bias == null ? branch.bias() : bias.add(branch.bias());
            }
        }
        return bias == null ? total : total.add(bias.reshape(1, outputs, 1, 1));
    }

    /**
     * out[y, x] = product[y + dy, x + dx], zero where that falls outside; null when it always does.
     */
    private static NDArray shift(NDArray product, long dy, long dx, long height, long width) {
        if (dy == 0 && dx == 0) {
            return product;
        }
        long top = Math.max(0, -dy);
        long bottom = Math.min(height, height - dy);
        long left = Math.max(0, -dx);
        long right = Math.min(width, width - dx);
        if (top >= bottom || left >= right) {
            return null;
        }
        NDArray window = product.get(":, :, {}:{}, {}:{}", top + dy, bottom + dy, left + dx, right + dx);
        // pad order: last axis (left, right), then the one before (top, bottom)
        return window.pad(new Shape(left, width - right, top, height - bottom), 0);
    }
}
