package io.github.advent.tools;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.SsdPredictor;
import io.github.advent.detection.box.Detection;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.data.DetectionSample;
import io.github.advent.detection.data.SsdPreprocessing;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.data.IndexedDataset;
import io.github.advent.entropy.data.Prefetcher;
import io.github.advent.entropy.data.SampleOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an SSD-300 checkpoint over images in order (decoded ahead on background threads), with the
 * pre-processing and decoding of the checkpoint's conventions (ssd.pytorch's or torchvision's) and SSD's
 * post-processing (NMS 0.45, confidence 0.01, 200 detections per image), and hands each
 * image's detections to a callback; {@link #toPixels} turns them into COCO boxes at the image's own size.
 */
final class SsdImageDetector implements AutoCloseable {
    /** Receives one image's detections (normalised corners, highest score first). */
    @FunctionalInterface
    interface PerImage {
        void accept(int index, DetectionSample sample, List<Detection> detections);
    }

    private final SsdPredictor predictor;
    private final Path checkpoint;
    private final Device device;

    SsdImageDetector(Path checkpoint, Device device) {
        this.checkpoint = checkpoint;
        this.device = device;
        this.predictor = SsdPredictor.fromCheckpoint(checkpoint, device, NmsOptions.SSD);
    }

    ModelIdentity identity() {
        return predictor.identity();
    }

    Path checkpoint() {
        return checkpoint;
    }

    /** Detects objects in every image of {@code images}, calling {@code perImage} in order; {@code bar} counts images. */
    void run(IndexedDataset<DetectionSample> images, ProgressBar bar, PerImage perImage) {
        SsdPreprocessing preprocessing = predictor.preprocessing();
        int threads = TrainCommand.decodeThreads();
        try (Prefetcher<DetectionSample> decoded = new Prefetcher<>(images, SampleOrder.sequential(images.size()), 0,
                        threads, 2 * threads + 1);
                NDManager manager = NDManager.newBaseManager(device)) {
            for (int i = 0; i < images.size(); i++) {
                DetectionSample sample = decoded.next();
                try (NDManager scope = manager.newSubManager()) {
                    NDArray input = scope.create(preprocessing.apply(sample).image(), SsdPredictor.inputShape(1));
                    perImage.accept(i, sample, predictor.predict(input).detections().get(0));
                }
                bar.step();
            }
        }
    }

    /**
     * A detection as COCO results hold it: clipped to the image, {@code [x, y, w, h]} in the pixels of a
     * {@code width x height} image, category = the detector's class index (1..K-1).
     */
    static io.github.advent.eval.detection.Detection toPixels(Detection d, long imageId, int width, int height,
            int order) {
        Detection c = d.clipped();
        return new io.github.advent.eval.detection.Detection(imageId, c.classId(), (double) c.x1() * width,
                (double) c.y1() * height, ((double) c.x2() - c.x1()) * width, ((double) c.y2() - c.y1()) * height,
                c.score(), order);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
