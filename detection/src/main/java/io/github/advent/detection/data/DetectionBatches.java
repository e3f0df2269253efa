package io.github.advent.detection.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.DetectionLabels;
import io.github.advent.detection.box.GroundTruth;
import java.util.ArrayList;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.train.Batch;
import java.util.List;

/**
 * Stacks pre-processed samples ({@link SsdInput}) into the arrays the SSD task reads:
 * inputs {@code N x 3 x S x S} float32, and labels {@code NDList(boxes, classes)} with
 * {@code boxes} {@code N x M x 4} float32 (normalised corners x1, y1, x2, y2) and {@code classes}
 * {@code N x M} int32 (1..K; 0 marks padding, whose box is all zeros). M is the largest number of
 * training targets in the batch, at least 1 so that an image without objects still has a shape.
 * Crowd boxes are left out: they are no training target. Arrays belong to {@code manager}.
 */
public final class DetectionBatches {
    private DetectionBatches() {}

    /** A labelled (source) batch. */
    public static Batch labelled(NDManager manager, List<SsdInput> samples) {
        return new Batch(new NDList(images(manager, samples)), labels(manager, samples));
    }

    /** An unlabelled (target) batch: inputs only. */
    public static Batch unlabelled(NDManager manager, List<SsdInput> samples) {
        return Batch.unlabelled(new NDList(images(manager, samples)));
    }

    /** The images, {@code N x 3 x S x S} float32. */
    public static NDArray images(NDManager manager, List<SsdInput> samples) {
        int size = requireSameSize(samples);
        int plane = 3 * size * size;
        float[] data = new float[samples.size() * plane];
        for (int n = 0; n < samples.size(); n++) {
            System.arraycopy(samples.get(n).image(), 0, data, n * plane, plane);
        }
        return manager.create(data, new Shape(samples.size(), 3, size, size));
    }

    /**
     * {@code NDList(boxes N x M x 4 float32, classes N x M int32)}, crowd boxes left out, padding class 0
     * (the format of {@link DetectionLabels}).
     */
    public static NDList labels(NDManager manager, List<SsdInput> samples) {
        requireSameSize(samples);
        List<GroundTruth> truths = new ArrayList<>(samples.size());
        for (SsdInput s : samples) {
            float[] boxes = new float[4 * s.targetCount()];
            int[] classes = new int[s.targetCount()];
            int slot = 0;
            for (int i = 0; i < s.boxCount(); i++) {
                if (!s.crowd()[i]) {
                    System.arraycopy(s.boxes(), 4 * i, boxes, 4 * slot, 4);
                    classes[slot++] = s.classes()[i];
                }
            }
            truths.add(new GroundTruth(boxes, classes));
        }
        return DetectionLabels.of(manager, truths);
    }

    private static int requireSameSize(List<SsdInput> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sample");
        }
        int size = samples.get(0).size();
        for (SsdInput s : samples) {
            if (s.size() != size) {
                throw new IllegalArgumentException("samples of one batch must have one input size: " + samples.get(0).name()
                        + " is " + size + ", " + s.name() + " is " + s.size());
            }
        }
        return size;
    }
}
