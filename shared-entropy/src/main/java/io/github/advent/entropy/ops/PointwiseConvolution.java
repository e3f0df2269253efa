package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A 1x1 convolution (no padding, any stride) written as one matrix product:
 * {@code y[n] = W · x[n, :, ::s, ::s] + b}. Same result as {@code conv2d}, within float rounding.
 *
 * <p>Why not {@code conv2d}: libtorch 2.7.1's oneDNN convolutions on NCHW arrays are up to 5x
 * slower than a plain matrix product for 1x1 kernels on the CPU (forward and backward; measured
 * per shape in shared-entropy/README.md), and DeepLab-V2's ResNet is mostly 1x1 convolutions.
 */
public final class PointwiseConvolution {
    private PointwiseConvolution() {}

    /**
     * @param x N x C x H x W input
     * @param weight O x C x 1 x 1 kernel
     * @param bias O values, or null
     * @param stride the convolution's stride (1 or more), on both axes
     * @return N x O x ceil(H / stride) x ceil(W / stride)
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride) {
        Shape in = x.getShape();
        Shape kernel = weight.getShape();
        if (in.dimension() != 4 || kernel.dimension() != 4 || kernel.get(2) != 1 || kernel.get(3) != 1
                || kernel.get(1) != in.get(1) || stride < 1) {
            throw new IllegalArgumentException("pointwise convolution of " + in + " with a " + kernel
                    + " kernel at stride " + stride + ": needs N x C x H x W input and an O x C x 1 x 1 kernel");
        }
        return Scoped.result(x.getManager(), () -> {
            NDArray sampled = stride == 1 ? x : x.get(":, :, ::{}, ::{}", stride, stride);
            Shape s = sampled.getShape();
            long outputs = kernel.get(0);
            NDArray y = Products.batched(weight.reshape(outputs, in.get(1)),
                    sampled.reshape(s.get(0), s.get(1), s.get(2) * s.get(3))).reshape(s.get(0), outputs, s.get(2), s.get(3));
            return bias == null ? y : y.add(bias.reshape(1, outputs, 1, 1));
        }, x, weight, bias);
    }
}
