package io.github.advent.entropy.weights;

import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor[_v2]} describes it: a strided window on a
 * storage. It stays a description until the state dict is flattened, so that errors can name the
 * tensor and only tensors that are kept get their bytes read.
 */
record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {

    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Validates the window against the storage and copies it out in C order. */
    TensorData materialise(Path file, String name) {
        TorchStorageType st = storage.root().type;
        if (st.tensorType == null) {
            throw TensorType.unsupported(file, name, st.pythonName);
        }
        String what = "tensor '" + Text.clip(name) + "'";
        if (size.length != stride.length) {
            throw new BadInputException(file, "corrupt: " + what + " has " + size.length + " sizes but "
                    + stride.length + " strides");
        }
        long numel;
        long last = offset;
        try {
            numel = TensorData.numel(size);
            for (int d = 0; d < size.length; d++) {
                if (stride[d] < 0) {
                    throw new IllegalArgumentException("negative stride");
                }
                if (size[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new BadInputException(file, "corrupt: " + what + " has an invalid size " + Arrays.toString(size)
                    + " or stride " + Arrays.toString(stride));
        }
        int es = st.elementSize;
        if (numel > MAX_BYTES / es) {
            throw new BadInputException(file, what + " has " + numel
                    + " elements; tensors over 2 GiB are not supported");
        }
        if (numel > 0 && (offset < 0 || last >= storage.size())) {
            throw new BadInputException(file, "corrupt: " + what + " (offset " + offset + ", size "
                    + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + ") reaches element " + last
                    + " of storage '" + Text.clip(storage.root().key) + "', which holds " + storage.size());
        }
        return new TensorData(st.tensorType, size,
                StridedCopy.gather(storage.root().bytes(), es, storage.offset() + offset, size, stride));
    }
}
