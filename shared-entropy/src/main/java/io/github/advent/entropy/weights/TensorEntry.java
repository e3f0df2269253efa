package io.github.advent.entropy.weights;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One tensor to be written by {@link SafetensorsWriter}. The bytes are produced only when the
 * writer reaches this tensor, so a large checkpoint never has to be in memory at once; the supplier
 * must return exactly {@code numel * type.byteSize()} little-endian bytes in C order.
 */
public record TensorEntry(String name, TensorType type, long[] shape, Supplier<ByteBuffer> bytes) {

    public TensorEntry {
        if (name == null || type == null || shape == null || bytes == null) {
            throw new IllegalArgumentException("name, type, shape and bytes are required");
        }
        shape = shape.clone();
        TensorData.numel(shape); // rejects negative dimensions and overflow
    }

    /** An entry for a tensor already in memory. */
    public static TensorEntry of(String name, TensorData tensor) {
        return new TensorEntry(name, tensor.type(), tensor.shape(), tensor::data);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Size of the element data in bytes. */
    public long byteSize() {
        return Math.multiplyExact(TensorData.numel(shape), (long) type.byteSize());
    }

    @Override
    public String toString() {
        return "TensorEntry[" + name + " " + type.pythonName() + " " + Arrays.toString(shape) + "]";
    }
}
