package io.github.advent.entropy.weights;

import java.util.Optional;

/**
 * The {@code torch.*Storage} classes a checkpoint names. All are recognised (the legacy format
 * needs every storage's element size to find the next one); only three can become tensors.
 */
enum TorchStorageType {
    FLOAT("FloatStorage", 4, TensorType.FLOAT32, "float32"),
    HALF("HalfStorage", 2, TensorType.FLOAT16, "float16"),
    LONG("LongStorage", 8, TensorType.INT64, "int64"),
    DOUBLE("DoubleStorage", 8, null, "float64"),
    INT("IntStorage", 4, null, "int32"),
    SHORT("ShortStorage", 2, null, "int16"),
    CHAR("CharStorage", 1, null, "int8"),
    BYTE("ByteStorage", 1, null, "uint8"),
    BOOL("BoolStorage", 1, null, "bool"),
    BFLOAT16("BFloat16Storage", 2, null, "bfloat16"),
    COMPLEX_FLOAT("ComplexFloatStorage", 8, null, "complex64"),
    COMPLEX_DOUBLE("ComplexDoubleStorage", 16, null, "complex128"),
    QINT8("QInt8Storage", 1, null, "qint8"),
    QUINT8("QUInt8Storage", 1, null, "quint8"),
    QINT32("QInt32Storage", 4, null, "qint32");

    final String className;
    final int elementSize;
    /** Null when tensors of this storage are refused. */
    final TensorType tensorType;
    final String pythonName;

    TorchStorageType(String className, int elementSize, TensorType tensorType, String pythonName) {
        this.className = className;
        this.elementSize = elementSize;
        this.tensorType = tensorType;
        this.pythonName = pythonName;
    }

    /** By class name without the module, e.g. "FloatStorage". */
    static Optional<TorchStorageType> byClassName(String name) {
        for (TorchStorageType t : values()) {
            if (t.className.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
