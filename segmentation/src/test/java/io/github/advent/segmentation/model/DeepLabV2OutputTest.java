package io.github.advent.segmentation.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import org.junit.jupiter.api.Test;

/** Output stride 8 with PyTorch's ceil-mode max-pool, on a narrow network (same code as the full one). */
class DeepLabV2OutputTest extends ManagedTest {

    private Shape[] run(DeepLabV2 network, int height, int width) {
        try (var scope = manager.newSubManager()) {
            NDArray input = scope.randomNormal(new Shape(1, 3, height, width));
            NDList out = network.forward(new ParameterStore(scope, false), new NDList(input), false);
            return new Shape[] {out.get(DeepLabV2.MAIN).getShape(), out.get(DeepLabV2.AUX).getShape()};
        }
    }

    @Test
    void specSizes() {
        DeepLabV2 network = DeepLabV2.create(manager, new DeepLabConfig(Depth.RESNET14, 16, 19), new SplitMix64(1));
        Shape[] out = run(network, 512, 1024);
        assertEquals(new Shape(1, 19, 65, 129), out[0]);
        assertEquals(new Shape(1, 19, 65, 129), out[1]);
        out = run(network, 720, 1280);
        assertEquals(new Shape(1, 19, 91, 161), out[0]);
        assertEquals(new Shape(1, 19, 91, 161), out[1]);
        // the full network's declared shapes (no forward)
        Shape[] declared = new DeepLabV2(DeepLabConfig.resnet101(19)).getOutputShapes(new Shape[] {new Shape(2, 3, 720, 1280)});
        assertEquals(new Shape(2, 19, 91, 161), declared[0]);
        assertEquals(new Shape(2, 19, 91, 161), declared[1]);
    }

    @Test
    void declaredSizesEqualComputedSizes() {
        DeepLabV2 network = DeepLabV2.create(manager, new DeepLabConfig(Depth.RESNET14, 16, 3), new SplitMix64(2));
        // even stem outputs (ceil mode adds a row/column) and odd ones, tiny inputs included
        int[][] sizes = {{64, 97}, {65, 96}, {1, 1}, {7, 8}, {31, 33}, {256, 512}};
        for (int[] hw : sizes) {
            Shape[] out = run(network, hw[0], hw[1]);
            Shape expected = network.getOutputShapes(new Shape[] {new Shape(1, 3, hw[0], hw[1])})[0];
            assertEquals(expected, out[0], () -> hw[0] + "x" + hw[1]);
            assertEquals(expected, out[1], () -> hw[0] + "x" + hw[1]);
        }
        assertEquals(33, DeepLabConfig.outputSide(256));
        assertEquals(9, DeepLabConfig.outputSide(64)); // 64 -> 32 -> 17 (ceil; floor would give 16) -> 9
    }
}
