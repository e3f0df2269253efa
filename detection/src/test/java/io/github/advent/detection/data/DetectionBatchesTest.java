package io.github.advent.detection.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.train.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Padding to the largest target count, crowd boxes left out, images stacked in order. */
class DetectionBatchesTest extends ManagedTest {
    private static SsdInput input(String name, float fill, float[] boxes, int[] classes, boolean[] crowd) {
        float[] image = new float[3 * 2 * 2];
        for (int i = 0; i < image.length; i++) {
            image[i] = fill + i;
        }
        return new SsdInput(name, image, 2, boxes, classes, crowd, 40, 20);
    }

    @Test
    void labelsArePaddedToTheLargestTargetCountWithoutCrowds() {
        SsdInput a = input("a", 0f, new float[] {0.1f, 0.1f, 0.2f, 0.2f, 0f, 0f, 1f, 1f, 0.5f, 0.5f, 0.6f, 0.7f},
                new int[] {3, 1, 8}, new boolean[] {false, true, false});
        SsdInput b = input("b", 100f, new float[0], new int[0], new boolean[0]);
        SsdInput c = input("c", 200f, new float[] {0.3f, 0.4f, 0.5f, 0.6f}, new int[] {2}, new boolean[] {false});
        Batch batch = DetectionBatches.labelled(manager, List.of(a, b, c));
        NDArray images = batch.inputs().singletonOrThrow();
        assertEquals(new Shape(3, 3, 2, 2), images.getShape());
        assertEquals(DataType.FLOAT32, images.getDataType());
        float[] pixels = images.toFloatArray();
        assertEquals(0f, pixels[0]);
        assertEquals(111f, pixels[12 + 11]);
        assertEquals(205f, pixels[24 + 5]);

        NDList labels = batch.labels();
        NDArray boxes = labels.get(0);
        NDArray classes = labels.get(1);
        assertEquals(new Shape(3, 2, 4), boxes.getShape());
        assertEquals(DataType.FLOAT32, boxes.getDataType());
        assertEquals(new Shape(3, 2), classes.getShape());
        assertEquals(DataType.INT32, classes.getDataType());
        assertArrayEquals(new int[] {3, 8, 0, 0, 2, 0}, classes.toIntArray());
        assertArrayEquals(new float[] {
            0.1f, 0.1f, 0.2f, 0.2f, 0.5f, 0.5f, 0.6f, 0.7f,
            0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f,
            0.3f, 0.4f, 0.5f, 0.6f, 0f, 0f, 0f, 0f}, boxes.toFloatArray());
    }

    @Test
    void aBatchWithoutTargetsStillHasOneSlot() {
        SsdInput crowdOnly = input("a", 0f, new float[] {0f, 0f, 1f, 1f}, new int[] {1}, new boolean[] {true});
        NDList labels = DetectionBatches.labels(manager, List.of(crowdOnly));
        assertEquals(new Shape(1, 1, 4), labels.get(0).getShape());
        assertArrayEquals(new int[] {0}, labels.get(1).toIntArray());
        assertArrayEquals(new float[4], labels.get(0).toFloatArray());
        Batch target = DetectionBatches.unlabelled(manager, List.of(crowdOnly));
        assertEquals(0, target.labels().size());
        assertEquals(new Shape(1, 3, 2, 2), target.inputs().singletonOrThrow().getShape());
    }

    @Test
    void samplesOfDifferentSizesOrNoneAreRefused() {
        SsdInput small = input("a", 0f, new float[0], new int[0], new boolean[0]);
        SsdInput big = new SsdInput("b", new float[27], 3, new float[0], new int[0], new boolean[0], 3, 3);
        assertEquals("samples of one batch must have one input size: a is 2, b is 3",
                assertThrows(IllegalArgumentException.class, () -> DetectionBatches.images(manager, List.of(small, big))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DetectionBatches.labels(manager, List.of()));
    }
}
