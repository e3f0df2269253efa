/**
 * Reading and writing model weights.
 *
 * <p>{@link io.github.advent.entropy.weights.WeightFiles} reads named tensors from PyTorch
 * checkpoints (the zip format of torch &ge; 1.6 and the older stream format, including Python 2
 * files), numpy {@code .npz} archives and safetensors files, choosing the format from the bytes.
 * PyTorch pickles are interpreted by a small unpickler that knows only the handful of globals a
 * state dict uses and refuses everything else before it could run, so a hostile {@code .pth}
 * cannot execute code. {@link io.github.advent.entropy.weights.SafetensorsWriter} streams
 * checkpoints out one tensor at a time with a CRC32 of the data in the metadata.
 *
 * <p>Tensors are float32, float16 or int64 ({@link io.github.advent.entropy.weights.TensorType});
 * other element types are refused with the tensor's name. Every problem with a file is an
 * {@link io.github.advent.entropy.io.BadInputException} whose one-line message names the file.
 * Single tensors and storages are limited to 2 GiB (Java array size).
 */
package io.github.advent.entropy.weights;
