package io.github.advent.entropy.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns an element-strided view of a buffer into a contiguous C-order buffer. Used for PyTorch
 * views (transposes, slices into a shared storage) and for Fortran-order .npy arrays. Callers
 * validate that every addressed element lies inside {@code src}.
 */
final class StridedCopy {
    private StridedCopy() {}

    /** True when {@code stride} is the C-order stride of {@code shape} (size-1 dims may have any stride). */
    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /**
     * The elements at {@code offset + sum(index[d] * stride[d])} (in elements of {@code elemSize}
     * bytes) for every index in C order. Returns a slice without copying when already contiguous.
     */
    static ByteBuffer gather(ByteBuffer src, int elemSize, long offset, long[] shape, long[] stride) {
        long numel = TensorData.numel(shape);
        int bytes = Math.toIntExact(numel * elemSize);
        if (numel == 0 || isContiguous(shape, stride)) {
            int from = Math.toIntExact(numel == 0 ? 0 : offset * elemSize);
            return src.duplicate().position(from).limit(from + bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        byte[] out = new byte[bytes];
        int rank = shape.length;
        long[] index = new long[rank];
        long innerCount = shape[rank - 1];
        long innerStride = stride[rank - 1];
        long base = offset; // element offset of index[0..rank-2], inner index 0
        int pos = 0;
        while (true) {
            if (innerStride == 1) {
                int len = (int) innerCount * elemSize;
                src.get(Math.toIntExact(base * elemSize), out, pos, len);
                pos += len;
            } else {
                for (long i = 0; i < innerCount; i++) {
                    src.get(Math.toIntExact((base + i * innerStride) * elemSize), out, pos, elemSize);
                    pos += elemSize;
                }
            }
            // odometer over the outer dimensions
            int d = rank - 2;
            while (d >= 0) {
                index[d]++;
                base += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                base -= stride[d] * shape[d];
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** Reverses the bytes of every element in place (big-endian numpy data). */
    static void swapBytes(byte[] data, int elemSize) {
        for (int i = 0; i + elemSize <= data.length; i += elemSize) {
            for (int a = i, b = i + elemSize - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }
}
