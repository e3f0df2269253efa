package io.github.advent.tools;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.train.AdaptationTask;
import io.github.advent.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationTask;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-time adaptation of a DeepLab-V2 checkpoint on image files: inputs as {@code advent predict} makes them
 * (resized to the model size, BGR, mean subtracted), each adapted prediction upsampled to its image's own size.
 */
public final class SegmentationTestTime implements TestTimeTarget {
    /** Receives image {@code index}'s adapted prediction. */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, SegmentationPredictor.Prediction prediction);
    }

    private final SegmentationPredictor predictor;
    private final SegmentationTask task;
    private final List<Path> images;
    private final boolean withEntropy;
    private final Sink sink;
    private final Map<Integer, Image8> pending = new HashMap<>();

    public SegmentationTestTime(Path checkpoint, Device device, int width, int height, List<Path> images, boolean withEntropy,
            Sink sink) {
        this.predictor = new SegmentationPredictor(checkpoint, device, width, height);
        DeepLabV2 network = predictor.network();
        this.task = new SegmentationTask(network, predictor.identity(), network.parameterGroups(),
                SegmentationTask.Lambdas.ADVENT, Math.min(width, height));
        this.images = List.copyOf(images);
        this.withEntropy = withEntropy;
        this.sink = sink;
    }

    public int numClasses() {
        return predictor.identity().numClasses();
    }

    @Override
    public AdaptationTask task() {
        return task;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public String name(int index) {
        return images.get(index).toString();
    }

    @Override
    public NDArray input(int index, NDManager scope) {
        Image8 rgb = Images.readRgb(images.get(index));
        pending.put(index, rgb);
        return predictor.input(scope, rgb);
    }

    @Override
    public void accept(int index, NDList outputs) {
        Image8 rgb = pending.remove(index);
        sink.accept(index, predictor.fromLogits(outputs.get(DeepLabV2.MAIN), rgb, withEntropy, false));
    }

    @Override
    public void saveCheckpoint(Path file, String command) {
        DeepLabWeights.writeCheckpoint(file, predictor.network(), command);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
