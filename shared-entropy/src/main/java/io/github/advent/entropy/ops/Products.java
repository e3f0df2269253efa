package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;

/** Matrix products whose result is laid out as later operations expect. */
final class Products {
    private Products() {}

    /**
     * {@code matrix (R x K) · batch[n] (K x M)} for every n: N x R x M, contiguous.
     *
     * <p>Not {@code matrix.matMul(batch)}: for a 2-D by 3-D product libtorch computes
     * {@code (batchᵀ · matrixᵀ)ᵀ} and returns that transposed view, whose rows are interleaved in
     * memory (channels-last, for a convolution's output). Every later NCHW operation then pays for it:
     * batch norm, ReLU and additions ran 4x slower and copies piled up in a DeepLab iteration. A 3-D by
     * 3-D product (the matrix broadcast over the batch) is a batched product with a contiguous result.
     */
    static NDArray batched(NDArray matrix, NDArray batch) {
        return matrix.expandDims(0).matMul(batch);
    }
}
