package io.github.advent.entropy.weights;

import ai.djl.ndarray.types.DataType;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The element types the weight readers accept. Models are trained in float32; float16 appears in
 * half-precision exports and int64 in BatchNorm's {@code num_batches_tracked}. Anything else is
 * refused rather than silently converted, so a float64 or bfloat16 file is noticed.
 */
public enum TensorType {
    FLOAT32(4, DataType.FLOAT32, "F32", "f4", "float32"),
    FLOAT16(2, DataType.FLOAT16, "F16", "f2", "float16"),
    INT64(8, DataType.INT64, "I64", "i8", "int64");

    private final int byteSize;
    private final DataType dataType;
    private final String safetensorsName;
    private final String numpyCode;
    private final String pythonName;

    TensorType(int byteSize, DataType dataType, String safetensorsName, String numpyCode, String pythonName) {
        this.byteSize = byteSize;
        this.dataType = dataType;
        this.safetensorsName = safetensorsName;
        this.numpyCode = numpyCode;
        this.pythonName = pythonName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The matching DJL type. */
    public DataType dataType() {
        return dataType;
    }

    /** The dtype string in a safetensors header: F32, F16 or I64. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The little-endian numpy type descriptor, e.g. {@code <f4}. */
    public String numpyDescr() {
        return "<" + numpyCode;
    }

    /** The numpy/PyTorch name, e.g. {@code float32}; used in messages. */
    public String pythonName() {
        return pythonName;
    }

    /** The type for a DJL data type, if it is one of the supported three. */
    public static Optional<TensorType> of(DataType dataType) {
        for (TensorType t : values()) {
            if (t.dataType == dataType) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type for a safetensors dtype string, if supported. */
    public static Optional<TensorType> ofSafetensors(String name) {
        for (TensorType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type for a numpy kind+size code such as {@code f4}, if supported. */
    static Optional<TensorType> ofNumpyCode(String code) {
        for (TensorType t : values()) {
            if (t.numpyCode.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** "float32, float16, int64", for messages. */
    static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (TensorType t : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.pythonName);
        }
        return sb.toString();
    }

    /** The error for a tensor whose element type is not one of ours. */
    static BadInputException unsupported(Path file, String tensor, String dtype) {
        return new BadInputException(file, "tensor '" + Text.clip(tensor) + "' has dtype " + Text.clip(dtype)
                + "; supported: " + supportedList());
    }
}
