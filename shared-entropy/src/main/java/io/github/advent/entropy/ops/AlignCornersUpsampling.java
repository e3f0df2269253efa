package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing with {@code align_corners = true}, as PyTorch's
 * {@code F.interpolate(x, size, mode='bilinear', align_corners=True)}.
 *
 * <p>DJL's {@code interpolation} ignores the align-corners flag, so the resize is written as two
 * interpolation matrices: {@code out = A_h · x · A_wᵀ}. Each row of a matrix holds the two
 * bilinear weights of one output coordinate, computed in float exactly as PyTorch's CPU kernel does
 * ({@code src = i · (in − 1) / (out − 1)}). Being plain matrix products, forward and backward are
 * exact through autograd.
 */
public final class AlignCornersUpsampling {
    private AlignCornersUpsampling() {}

    /** Resizes the last two axes of {@code x} (N x C x H x W, or any rank >= 2) to {@code outH x outW}. */
    public static NDArray resize(NDArray x, int outHeight, int outWidth) {
        Shape shape = x.getShape();
        int dims = shape.dimension();
        if (dims < 2) {
            throw new IllegalArgumentException("resize needs at least 2 axes, got " + shape);
        }
        int inHeight = Math.toIntExact(shape.get(dims - 2));
        int inWidth = Math.toIntExact(shape.get(dims - 1));
        if (inHeight == outHeight && inWidth == outWidth) {
            return x.duplicate();
        }
        // The matrices must stay open until backward has run: arrays created from Java data alias
        // their buffer, which closing would free under the autograd graph. They live in x's manager.
        NDManager manager = x.getManager();
        NDArray rows = interpolationMatrix(manager, inHeight, outHeight, x.getDataType());
        NDArray columns = interpolationMatrix(manager, inWidth, outWidth, x.getDataType()).transpose();
        return rows.matMul(x).matMul(columns);
    }

    /**
     * The {@code out x in} matrix whose row i holds the align-corners bilinear weights of output
     * coordinate i.
     */
    public static NDArray interpolationMatrix(NDManager manager, int in, int out, DataType type) {
        return manager.create(weights(in, out), new Shape(out, in)).toType(type, false);
    }

    /** Row-major {@code out x in} weights; float arithmetic as in PyTorch's kernel. */
    static float[] weights(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("sizes must be positive: in=" + in + ", out=" + out);
        }
        float[] w = new float[out * in];
        float scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
        for (int i = 0; i < out; i++) {
            float src = scale * i;
            int i0 = (int) src;
            int step = i0 < in - 1 ? 1 : 0;
            float lambda1 = src - i0;
            float lambda0 = 1f - lambda1;
            w[i * in + i0] += lambda0;
            w[i * in + i0 + step] += lambda1;
        }
        return w;
    }
}
