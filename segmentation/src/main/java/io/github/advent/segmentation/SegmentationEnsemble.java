package io.github.advent.segmentation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.ops.AlignCornersUpsampling;
import io.github.advent.entropy.ops.Scalars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ADVENT's evaluation of one checkpoint or a weighted ensemble ("MinEnt + AdvEnt" in the paper is
 * AdvEnt and MinEnt+ER averaged 0.5/0.5): each model's main logits are upsampled (bilinear,
 * align_corners = true) to the label's size, summed with their weights, and the class is the argmax.
 */
public final class SegmentationEnsemble implements AutoCloseable {
    /** A checkpoint and its weight in the sum. */
    public record Member(Path checkpoint, double weight) {}

    private final List<SegmentationPredictor> models = new ArrayList<>();
    private final List<Member> members;
    private final int classes;
    private final NDManager manager;

    /** At ADVENT's input size, 1024x512 (Cityscapes' 2048x1024 halved). */
    public SegmentationEnsemble(List<Member> members, Device device) {
        this(members, device, SegmentationPredictor.DEFAULT_WIDTH, SegmentationPredictor.DEFAULT_HEIGHT);
    }

    /** Each image resized to {@code width x height} for the network (e.g. ACDC's 1920x1080 to 960x540). */
    public SegmentationEnsemble(List<Member> members, Device device, int width, int height) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one checkpoint");
        }
        this.members = List.copyOf(members);
        this.manager = NDManager.newBaseManager(device);
        try {
            for (Member m : members) {
                SegmentationPredictor model = new SegmentationPredictor(m.checkpoint(), device, width, height);
                models.add(model);
                if (model.identity().numClasses() != models.get(0).identity().numClasses()) {
                    throw new BadInputException(m.checkpoint(), "predicts " + model.identity().numClasses()
                            + " classes, " + members.get(0).checkpoint() + " predicts "
                            + models.get(0).identity().numClasses() + ": an ensemble needs one class set");
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.classes = models.get(0).identity().numClasses();
    }

    public int numClasses() {
        return classes;
    }

    public List<Member> members() {
        return members;
    }

    /** Train ids, {@code width x height} (the label's size), for an RGB image of any size. */
    public int[] trainIds(Image8 rgb, int width, int height) {
        GradMode.disableOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            NDList logits = new NDList();
            for (SegmentationPredictor model : models) {
                logits.add(model.mainLogits(scope, rgb).toDevice(scope.getDevice(), false));
            }
            NDArray stacked = models.size() == 1 ? logits.head() : NDArrays.concat(logits);
            int[] ids = new int[width * height];
            // upsampled a band of rows at a time: the whole would be 159 MB per model at 2048x1024
            AlignCornersUpsampling.forEachRowBand(stacked, height, width, (first, band) -> {
                NDArray sum = null;
                for (int i = 0; i < models.size(); i++) {
                    NDArray upsampled = models.size() == 1 ? band : band.get(i + ":" + (i + 1));
                    NDArray weighted = models.size() == 1 ? upsampled : Scalars.mul(upsampled, (float) members.get(i).weight());
                    sum = sum == null ? weighted : sum.add(weighted);
                }
                int[] bandIds = sum.argMax(1).toType(DataType.INT32, false).toIntArray();
                System.arraycopy(bandIds, 0, ids, first * width, bandIds.length);
            });
            return ids;
        }
    }

    @Override
    public void close() {
        models.forEach(SegmentationPredictor::close);
        manager.close();
    }
}
