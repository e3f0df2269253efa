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

    /** Output rows per band in {@link #forEachRowBand}: 64 rows of 2048 pixels and 19 classes are 10 MB. */
    public static final int BAND_ROWS = 64;

    /** What {@link #forEachRowBand} hands over: output rows {@code firstRow ..} of the resize, N x C x rows x outW. */
    @FunctionalInterface
    public interface RowBand {
        void accept(int firstRow, NDArray band);
    }

    /**
     * {@link #resize} of an N x C x H x W array computed {@link #BAND_ROWS} output rows at a time, each band freed
     * after {@code action}: the same values as the full resize (each output row is its own product of two input rows),
     * without ever holding the whole upsampled array (159 MB for 19 classes at 2048x1024).
     */
    public static void forEachRowBand(NDArray x, int outHeight, int outWidth, RowBand action) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("a banded resize needs N x C x H x W, got " + shape);
        }
        int inHeight = Math.toIntExact(shape.get(2));
        int inWidth = Math.toIntExact(shape.get(3));
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray rows = interpolationMatrix(scope, inHeight, outHeight, x.getDataType());
            NDArray columns = interpolationMatrix(scope, inWidth, outWidth, x.getDataType()).transpose();
            for (int first = 0; first < outHeight; first += BAND_ROWS) {
                int last = Math.min(outHeight, first + BAND_ROWS);
                try (NDManager bandScope = scope.newSubManager()) {
                    NDArray bandRows = rows.get(first + ":" + last);
                    bandRows.attach(bandScope); // the products land in the band's scope too
                    NDArray band = bandRows.matMul(x).matMul(columns);
                    action.accept(first, band);
                }
            }
        }
    }

    /**
     * The class (axis 1) of the largest value of {@code x} (1 x C x H x W) resized to {@code outHeight x outWidth},
     * row-major: ADVENT's prediction from logits, computed by {@link #forEachRowBand}.
     */
    public static int[] argMaxResized(NDArray x, int outHeight, int outWidth) {
        if (x.getShape().get(0) != 1) {
            throw new IllegalArgumentException("argMaxResized takes one image (1 x C x H x W), got " + x.getShape());
        }
        int[] ids = new int[outHeight * outWidth];
        forEachRowBand(x, outHeight, outWidth, (first, band) -> {
            int[] bandIds = band.argMax(1).toType(DataType.INT32, false).toIntArray();
            System.arraycopy(bandIds, 0, ids, first * outWidth, bandIds.length);
        });
        return ids;
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
