package io.github.advent.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.advent.detection.box.GroundTruth;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels of a detection batch as the task reads them: {@code NDList(boxes, classes)} with
 * <ul>
 *   <li>{@code boxes}: {@code N x M x 4} float32, corners {@code (x1, y1, x2, y2)} normalised to [0, 1] by the
 *       network input's width and height;
 *   <li>{@code classes}: {@code N x M} int32 (any integer type is read), 1..K−1 for an object, 0 for padding
 *       (no box; its coordinates are ignored).
 * </ul>
 * M is the largest object count of the batch (at least 1); images with fewer objects are padded with class 0.
 */
public final class DetectionLabels {
    private DetectionLabels() {}

    /** The labels NDList of {@code images}, in {@code manager}. */
    public static NDList of(NDManager manager, List<GroundTruth> images) {
        int slots = Math.max(1, images.stream().mapToInt(GroundTruth::count).max().orElse(0));
        float[] boxes = new float[images.size() * slots * 4];
        int[] classes = new int[images.size() * slots];
        for (int n = 0; n < images.size(); n++) {
            GroundTruth truth = images.get(n);
            System.arraycopy(truth.boxes(), 0, boxes, n * slots * 4, truth.count() * 4);
            System.arraycopy(truth.classes(), 0, classes, n * slots, truth.count());
        }
        return new NDList(manager.create(boxes, new Shape(images.size(), slots, 4)),
                manager.create(classes, new Shape(images.size(), slots)));
    }

    /**
     * The objects of each image of {@code labels}, padding dropped.
     *
     * @throws IllegalArgumentException naming the image and box when the layout, a class (outside 0..K−1) or a
     *     box (empty, not finite) is wrong
     */
    public static List<GroundTruth> read(NDList labels, int numClasses) {
        if (labels.size() != 2) {
            throw new IllegalArgumentException("detection labels are NDList(boxes N x M x 4, classes N x M), got "
                    + labels.size() + " arrays");
        }
        NDArray boxArray = labels.get(0);
        NDArray classArray = labels.get(1);
        Shape shape = boxArray.getShape();
        if (shape.dimension() != 3 || shape.get(2) != 4
                || !classArray.getShape().equals(new Shape(shape.get(0), shape.get(1)))) {
            throw new IllegalArgumentException("detection labels need boxes N x M x 4 and classes N x M, got "
                    + shape + " and " + classArray.getShape());
        }
        int images = Math.toIntExact(shape.get(0));
        int slots = Math.toIntExact(shape.get(1));
        float[] boxes = boxArray.toType(DataType.FLOAT32, false).toFloatArray();
        int[] classes = classArray.toType(DataType.INT32, false).toIntArray();
        List<GroundTruth> truths = new ArrayList<>(images);
        for (int n = 0; n < images; n++) {
            List<Integer> objects = new ArrayList<>();
            for (int m = 0; m < slots; m++) {
                int c = classes[n * slots + m];
                if (c < 0 || c >= numClasses) {
                    throw new IllegalArgumentException("labels of image " + n + ", box " + m + ": class " + c
                            + " outside 0.." + (numClasses - 1) + " (0 = no box)");
                }
                if (c > 0) {
                    objects.add(m);
                }
            }
            float[] kept = new float[objects.size() * 4];
            int[] keptClasses = new int[objects.size()];
            for (int i = 0; i < objects.size(); i++) {
                int m = objects.get(i);
                System.arraycopy(boxes, (n * slots + m) * 4, kept, i * 4, 4);
                keptClasses[i] = classes[n * slots + m];
            }
            try {
                truths.add(new GroundTruth(kept, keptClasses));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("labels of image " + n + " (boxes of class > 0 only, slots "
                        + objects + "): " + e.getMessage(), e);
            }
        }
        return truths;
    }
}
