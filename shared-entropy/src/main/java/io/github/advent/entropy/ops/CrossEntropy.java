package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Pixel-wise cross-entropy with an ignore label, as {@code F.cross_entropy(logits, labels,
 * ignore_index=255)}: mean over the pixels whose label lies in [0, C).
 *
 * <p>DJL has no ignore index on PyTorch; this is logSoftmax + gather + mask. Labels outside
 * [0, C) (255 and anything else) are ignored rather than failing, as ADVENT's loss does. When no
 * pixel is valid the loss is 0 (PyTorch returns NaN there), so an all-ignored crop cannot poison
 * a training run.
 */
public final class CrossEntropy {
    /** The label ignored by every dataset of the field. */
    public static final int IGNORE_LABEL = 255;

    private CrossEntropy() {}

    /**
     * @param logits N x C x ... (class axis 1)
     * @param labels N x ... (integer train ids; any integer or float type)
     * @return a scalar: mean negative log-likelihood over valid pixels
     */
    public static NDArray withIgnore(NDArray logits, NDArray labels) {
        long classes = logits.getShape().get(1);
        NDArray ids = labels.toType(DataType.INT64, false);
        NDArray valid = ids.gte(0).logicalAnd(ids.lt(classes));
        NDArray safeIds = ids.mul(valid.toType(DataType.INT64, false)).expandDims(1);
        NDArray picked = logits.logSoftmax(1).gather(safeIds, 1).squeeze(1);
        NDArray validWeights = valid.toType(logits.getDataType(), false);
        NDArray count = Scalars.maximum(validWeights.sum(), 1f);
        return picked.mul(validWeights).sum().neg().div(count);
    }
}
