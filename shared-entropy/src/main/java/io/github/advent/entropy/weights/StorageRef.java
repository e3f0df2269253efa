package io.github.advent.entropy.weights;

/**
 * What a persistent id resolves to: a storage, or (legacy format) a view of {@code size}
 * elements starting at element {@code offset} of a root storage. Bounds are checked on creation.
 */
record StorageRef(TorchStorage root, long offset, long size) {
    static StorageRef whole(TorchStorage root) {
        return new StorageRef(root, 0, root.numel);
    }
}
