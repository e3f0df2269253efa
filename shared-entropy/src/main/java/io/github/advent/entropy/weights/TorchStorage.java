package io.github.advent.entropy.weights;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A storage named by a checkpoint's persistent id: its type, element count and where its bytes
 * come from. Bytes are loaded on first use (only storages that tensors use are read) and the
 * loader guarantees at least {@code numel * elementSize} bytes or throws.
 */
final class TorchStorage {
    final String key;
    final TorchStorageType type;
    final long numel;
    private final Supplier<ByteBuffer> loader;
    private ByteBuffer bytes;

    TorchStorage(String key, TorchStorageType type, long numel, Supplier<ByteBuffer> loader) {
        this.key = key;
        this.type = type;
        this.numel = numel;
        this.loader = loader;
    }

    ByteBuffer bytes() {
        if (bytes == null) {
            bytes = loader.get();
        }
        return bytes;
    }
}
