package io.github.advent.entropy.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as read from (or about to be written to) a weight file: element type, shape and the
 * raw elements in C order, little-endian. The buffer is read-only; {@link #data()} hands out a fresh
 * view positioned at 0 so callers cannot disturb each other.
 */
public record TensorData(TensorType type, long[] shape, ByteBuffer data) {

    public TensorData {
        if (type == null || shape == null || data == null) {
            throw new IllegalArgumentException("type, shape and data are required");
        }
        shape = shape.clone();
        long bytes = Math.multiplyExact(numel(shape), (long) type.byteSize());
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type.pythonName()
                    + " needs " + bytes + " bytes, buffer holds " + data.remaining());
        }
        data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The shape; a copy. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A read-only little-endian view of the elements, positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    /** Size of the element data in bytes. */
    public long byteSize() {
        return data.remaining();
    }

    /** A new NDArray of the same type and shape (float16 stays float16) owned by {@code manager}. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(data(), new Shape(shape), type.dataType());
    }

    /** Copies an NDArray's elements, for writing. Only float32, float16 and int64 arrays are accepted. */
    public static TensorData of(NDArray array) {
        TensorType type = TensorType.of(array.getDataType()).orElseThrow(() -> new IllegalArgumentException(
                "cannot store an NDArray of type " + array.getDataType() + "; supported: "
                        + TensorType.supportedList()));
        ByteBuffer src = array.toByteBuffer();
        ByteBuffer copy = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(src.duplicate()).flip();
        return new TensorData(type, array.getShape().getShape(), copy);
    }

    /** The elements as floats; float16 is widened exactly. Not for int64 tensors. */
    public float[] toFloatArray() {
        float[] out = new float[intCount()];
        ByteBuffer b = data();
        switch (type) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloat.toFloat(b.getShort(2 * i));
                }
            }
            default -> throw new IllegalStateException("tensor is " + type.pythonName() + "; use toLongArray()");
        }
        return out;
    }

    /** The elements of an int64 tensor. */
    public long[] toLongArray() {
        if (type != TensorType.INT64) {
            throw new IllegalStateException("tensor is " + type.pythonName() + "; use toFloatArray()");
        }
        long[] out = new long[intCount()];
        data().asLongBuffer().get(out);
        return out;
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private int intCount() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of " + n + " elements does not fit a Java array");
        }
        return (int) n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && t.type == type && Arrays.equals(t.shape, shape) && t.data.equals(data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
    }

    @Override
    public String toString() {
        return "TensorData[" + type.pythonName() + " " + Arrays.toString(shape) + "]";
    }
}
