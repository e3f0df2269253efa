package io.github.advent.detection;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.detection.box.Detection;
import io.github.advent.detection.box.NmsOptions;
import io.github.advent.detection.box.SsdDecoder;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConvention;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs SSD-300 on pre-processed images ({@code N x 3 x 300 x 300}, as the network's
 * {@link io.github.advent.detection.model.SsdConvention#preprocessing()} makes them) and returns each image's
 * detections: corners normalised to [0, 1] (clipped or not, as the convention decodes), class 1..K−1, score;
 * see {@link SsdDecoder} for the post-processing, with the convention's default boxes and decoding rules.
 *
 * <p>{@link Result#timing()} splits the time between the network (forward pass and copying the outputs to
 * Java arrays, which waits for the device) and the decoding (softmax, box decoding, per-class NMS in Java),
 * for {@code advent bench}.
 */
public final class SsdPredictor implements AutoCloseable {
    /** Wall-clock nanoseconds of one {@link #predict} call. */
    public record Timing(long networkNanos, long decodeNanos) {
        /** decode / (network + decode). */
        public double decodeShare() {
            long total = networkNanos + decodeNanos;
            return total == 0 ? 0 : (double) decodeNanos / total;
        }
    }

    /** Detections per image (highest score first) and the time taken. */
    public record Result(List<List<Detection>> detections, Timing timing) {}

    private final Ssd300 network;
    private final SsdDecoder decoder;
    private final NDManager manager;
    private final NDManager owned;
    private final ParameterStore parameters;

    /** A predictor for a loaded network (not closed by {@link #close()}). */
    public SsdPredictor(Ssd300 network, NmsOptions options) {
        this(network, options, null);
    }

    private SsdPredictor(Ssd300 network, NmsOptions options, NDManager owned) {
        this.network = network;
        SsdConvention convention = network.config().convention();
        this.decoder = new SsdDecoder(convention.priors(), network.config().numClasses(), options, convention.decoding());
        this.owned = owned;
        this.manager = NDManager.newBaseManager(network.stateDict().values().iterator().next().getArray().getDevice());
        this.parameters = new ParameterStore(manager, false);
    }

    /** A predictor for the network of an advent checkpoint, loaded on {@code device}. */
    public static SsdPredictor fromCheckpoint(Path checkpoint, Device device, NmsOptions options) {
        GradMode.disableOnThisThread();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return new SsdPredictor(SsdWeights.fromCheckpoint(manager, checkpoint), options, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public ModelIdentity identity() {
        return network.config().identity();
    }

    public Ssd300 network() {
        return network;
    }

    /** The pre-processing the network's weights expect. */
    public io.github.advent.detection.data.SsdPreprocessing preprocessing() {
        return network.config().convention().preprocessing();
    }

    /** Detects objects in every image of {@code input} (N x 3 x 300 x 300); every intermediate array is freed. */
    public Result predict(NDArray input) {
        GradMode.disableOnThisThread();
        long start = System.nanoTime();
        List<List<Detection>> detections;
        long forwardDone;
        try (NDManager scope = input.getManager().newSubManager()) {
            input.tempAttach(scope);
            NDList outputs = network.forward(parameters, new NDList(input), false);
            forwardDone = System.nanoTime();
            detections = decode(outputs);
        }
        return new Result(detections, new Timing(forwardDone - start, System.nanoTime() - forwardDone));
    }

    /** Decodes the network's outputs (of this or an adapted network) for every image of the batch. */
    public List<List<Detection>> decode(NDList outputs) {
        int images = Math.toIntExact(outputs.get(0).getShape().get(0));
        float[] logits = network.flattenConfidences(outputs).toFloatArray();
        float[] offsets = Ssd300.flattenLocations(outputs).toFloatArray();
        int priors = network.config().convention().priors().count();
        int classes = network.config().numClasses();
        List<List<Detection>> detections = new ArrayList<>(images);
        for (int n = 0; n < images; n++) {
            detections.add(decoder.decode(
                    Arrays.copyOfRange(logits, n * priors * classes, (n + 1) * priors * classes),
                    Arrays.copyOfRange(offsets, n * priors * 4, (n + 1) * priors * 4)));
        }
        return detections;
    }

    /** The expected input shape for a batch of {@code images}. */
    public static Shape inputShape(int images) {
        return new Shape(images, 3, Ssd300.INPUT_SIZE, Ssd300.INPUT_SIZE);
    }

    @Override
    public void close() {
        manager.close();
        if (owned != null) {
            owned.close();
        }
    }
}
