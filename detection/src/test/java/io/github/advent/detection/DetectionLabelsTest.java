package io.github.advent.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.advent.detection.box.GroundTruth;
import io.github.advent.entropy.testing.ManagedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionLabelsTest extends ManagedTest {
    private final GroundTruth two = new GroundTruth(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.5f, 0.9f, 0.8f},
            new int[] {3, 8});
    private final GroundTruth one = new GroundTruth(new float[] {0f, 0f, 1f, 1f}, new int[] {1});

    @Test
    void paddedBatchRoundTrips() {
        NDList labels = DetectionLabels.of(manager, List.of(two, GroundTruth.empty(), one));
        assertEquals(new Shape(3, 2, 4), labels.get(0).getShape());
        assertEquals(DataType.FLOAT32, labels.get(0).getDataType());
        assertEquals(new Shape(3, 2), labels.get(1).getShape());
        assertEquals(DataType.INT32, labels.get(1).getDataType());
        assertArrayEquals(new int[] {3, 8, 0, 0, 1, 0}, labels.get(1).toIntArray());
        assertEquals(List.of(two, GroundTruth.empty(), one), DetectionLabels.read(labels, 9));
        // a batch without any object still has one (padding) slot
        assertEquals(new Shape(2, 1, 4), DetectionLabels.of(manager, List.of(GroundTruth.empty(), GroundTruth.empty()))
                .get(0).getShape());
    }

    @Test
    void paddingSlotsMayHoldAnythingAndInt64ClassesAreRead() {
        float[] boxes = {9, 9, -9, -9, 0.1f, 0.1f, 0.2f, 0.2f};
        NDList labels = new NDList(manager.create(boxes, new Shape(1, 2, 4)),
                manager.create(new long[] {0, 5}, new Shape(1, 2)));
        List<GroundTruth> read = DetectionLabels.read(labels, 9);
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.2f, 0.2f}, read.get(0).boxes());
        assertArrayEquals(new int[] {5}, read.get(0).classes());
    }

    @Test
    void badLabelsNameTheImageAndBox() {
        NDList labels = DetectionLabels.of(manager, List.of(one, two));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetectionLabels.read(labels, 5));
        assertEquals("labels of image 1, box 1: class 8 outside 0..4 (0 = no box)", e.getMessage());

        NDList empty = new NDList(manager.create(new float[] {0.5f, 0.1f, 0.5f, 0.3f}, new Shape(1, 1, 4)),
                manager.create(new int[] {2}, new Shape(1, 1)));
        e = assertThrows(IllegalArgumentException.class, () -> DetectionLabels.read(empty, 9));
        assertTrue(e.getMessage().startsWith("labels of image 0") && e.getMessage().contains("box 0 is empty"),
                e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> DetectionLabels.read(new NDList(labels.get(0)), 9));
        assertThrows(IllegalArgumentException.class, () -> DetectionLabels.read(
                new NDList(labels.get(0), manager.zeros(new Shape(2, 3), DataType.INT32)), 9));
    }

    @Test
    void groundTruthChecksItsBoxes() {
        assertThrows(IllegalArgumentException.class, () -> new GroundTruth(new float[] {0, 0, 1, 1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new GroundTruth(new float[] {0, 0, Float.NaN, 1}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new GroundTruth(new float[] {0, 0, 1}, new int[] {1}));
    }
}
