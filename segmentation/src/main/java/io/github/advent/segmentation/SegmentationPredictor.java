package io.github.advent.segmentation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.EntropyMaps;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.ops.AlignCornersUpsampling;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.segmentation.data.Preprocessing;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.nio.file.Path;

/**
 * Runs a DeepLab-V2 checkpoint on images the way ADVENT evaluates: the image is resized to the
 * model size (1024x512 by default; bicubic, unless it already has that size), BGR mean-subtracted,
 * the main head's logits are upsampled (bilinear, align_corners = true) to the image's own size and
 * the class is their argmax. The upsampled logits are computed a band of rows at a time
 * ({@link AlignCornersUpsampling#forEachRowBand}), never whole.
 */
public final class SegmentationPredictor implements AutoCloseable {
    public static final int DEFAULT_WIDTH = 1024;
    public static final int DEFAULT_HEIGHT = 512;

    /**
     * One image's results at its own resolution.
     *
     * @param entropy normalised entropy per pixel in [0, 1], or {@code null} when not asked for
     * @param logits the main head's logits at the network's output resolution, C x h x w, or {@code null}
     */
    public record Prediction(int width, int height, int[] trainIds, float[] entropy, TensorData logits) {}

    private final NDManager manager;
    private final DeepLabV2 network;
    private final ParameterStore parameters;
    private final int width;
    private final int height;

    public SegmentationPredictor(Path checkpoint, Device device, int width, int height) {
        GradMode.disableOnThisThread();
        this.manager = NDManager.newBaseManager(device);
        this.network = DeepLabWeights.fromCheckpoint(manager, checkpoint);
        this.parameters = new ParameterStore(manager, false);
        this.width = width;
        this.height = height;
    }

    public ModelIdentity identity() {
        return network.config().identity();
    }

    public Prediction predict(Image8 rgb, boolean withEntropy, boolean withLogits) {
        GradMode.disableOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            return fromLogits(mainLogits(scope, rgb), rgb, withEntropy, withLogits);
        }
    }

    /**
     * One image's results from its main-head logits (1 x C x h x w, from {@link #input} through this or an
     * adapted network): upsampled to the image's size, argmax, entropy if asked for.
     */
    public Prediction fromLogits(NDArray logits, Image8 rgb, boolean withEntropy, boolean withLogits) {
        int classes = identity().numClasses();
        TensorData raw = withLogits ? TensorData.of(logits.squeeze(0)) : null;
        int width = rgb.width();
        int[] ids = new int[width * rgb.height()];
        float[] entropy = withEntropy ? new float[ids.length] : null;
        AlignCornersUpsampling.forEachRowBand(logits, rgb.height(), width, (first, band) -> {
            int[] bandIds = band.argMax(1).toType(DataType.INT32, false).toIntArray();
            System.arraycopy(bandIds, 0, ids, first * width, bandIds.length);
            if (withEntropy) {
                NDArray probabilities = EntropyMaps.groupSoftmax(band, classes);
                float[] bandEntropy = EntropyMaps.entropy(EntropyMaps.selfInformation(probabilities, classes), classes)
                        .toFloatArray();
                System.arraycopy(bandEntropy, 0, entropy, first * width, bandEntropy.length);
            }
        });
        return new Prediction(rgb.width(), rgb.height(), ids, entropy, raw);
    }

    /** The network input (1 x 3 x h x w, in {@code scope}) for an RGB image at any size: resized, BGR, mean subtracted. */
    public NDArray input(NDManager scope, Image8 rgb) {
        Image8 sized = rgb.width() == width && rgb.height() == height ? rgb : Preprocessing.resizeImage(rgb, width, height);
        return scope.create(Preprocessing.toNetworkInput(sized), new Shape(1, 3, height, width));
    }

    /** The main head's logits (1 x C x h x w, in {@code scope}) for an RGB image at any size. */
    public NDArray mainLogits(NDManager scope, Image8 rgb) {
        return network.mainLogits(parameters, input(scope, rgb), false);
    }

    /** The loaded network (owned by this predictor). */
    public DeepLabV2 network() {
        return network;
    }

    @Override
    public void close() {
        manager.close();
    }
}
