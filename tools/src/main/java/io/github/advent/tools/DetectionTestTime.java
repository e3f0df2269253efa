package io.github.advent.tools;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.DetectionTask;
import io.github.advent.detection.SsdPredictor;
import io.github.advent.detection.box.Detection;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.data.DetectionSample;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.data.IndexedDataset;
import io.github.advent.entropy.train.AdaptationTask;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-time adaptation of an SSD-300 checkpoint: inputs with the checkpoint's pre-processing, each adapted
 * output decoded with its conventions and SSD's post-processing, as {@code advent predict} does.
 */
public final class DetectionTestTime implements TestTimeTarget {
    /** Receives image {@code index}'s adapted detections (normalised corners, highest score first). */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, DetectionSample sample, List<Detection> detections);
    }

    private final SsdPredictor predictor;
    private final DetectionTask task;
    private final IndexedDataset<DetectionSample> images;
    private final Sink sink;
    private final Map<Integer, DetectionSample> pending = new HashMap<>();

    public DetectionTestTime(Path checkpoint, Device device, IndexedDataset<DetectionSample> images, Sink sink) {
        this.predictor = SsdPredictor.fromCheckpoint(checkpoint, device, NmsOptions.SSD);
        this.task = new DetectionTask(predictor.network());
        this.images = images;
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
        return images.name(index);
    }

    @Override
    public NDArray input(int index, NDManager scope) {
        DetectionSample sample = images.get(index);
        pending.put(index, sample);
        return scope.create(predictor.preprocessing().apply(sample).image(), SsdPredictor.inputShape(1));
    }

    @Override
    public void accept(int index, NDList outputs) {
        sink.accept(index, pending.remove(index), predictor.decode(outputs).get(0));
    }

    @Override
    public void saveCheckpoint(Path file, String command) {
        SsdWeights.writeCheckpoint(file, predictor.network(), command);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
