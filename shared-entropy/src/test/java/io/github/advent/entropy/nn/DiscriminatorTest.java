package io.github.advent.entropy.nn;

import static io.github.advent.entropy.testing.Close.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.advent.entropy.testing.Fixtures;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;

class DiscriminatorTest extends ManagedTest {
    private NDArray run(Block d, NDArray x) {
        return d.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }

    @Test
    void strideTwoLayersFitTheMap() {
        assertEquals(5, Discriminator.strideTwoLayers(512));
        assertEquals(5, Discriminator.strideTwoLayers(38));
        assertEquals(4, Discriminator.strideTwoLayers(19));
        assertEquals(3, Discriminator.strideTwoLayers(10));
        assertEquals(1, Discriminator.strideTwoLayers(3));
        assertEquals(0, Discriminator.strideTwoLayers(1));
    }

    @Test
    void paperDiscriminatorHasTheSpecShapeAndParameterCount() {
        Block d = Discriminator.create(manager, 19, 64, 64, new SplitMix64(1));
        // 1/32 resolution: a 1024x512 map gives 32x16 logits (checked on 64x128 to keep the test small)
        assertEquals(new Shape(1, 1, 2, 4), run(d, manager.zeros(new Shape(1, 19, 64, 128))).getShape());
        long expected = (19 * 64 * 16 + 64) + (64 * 128 * 16 + 128) + (128 * 256 * 16 + 256)
                + (256 * 512 * 16 + 512) + (512 * 16 + 1);
        long count = 0;
        for (Pair<String, Parameter> p : d.getParameters()) {
            count += p.getValue().getArray().size();
        }
        assertEquals(expected, count);
    }

    @Test
    void smallMapsStillGiveALogitMap() {
        Block tenByTen = Discriminator.create(manager, 36, 8, 10, new SplitMix64(2));
        assertEquals(new Shape(2, 1, 1, 1), run(tenByTen, manager.ones(new Shape(2, 36, 10, 10))).getShape());
        Block single = Discriminator.create(manager, 9, 8, 1, new SplitMix64(3));
        assertEquals(new Shape(4, 1, 1, 1), run(single, manager.ones(new Shape(4, 9, 1, 1))).getShape());
    }

    @Test
    void defaultInitIsPyTorchsUniformBound() {
        Block d = Discriminator.create(manager, 16, 4, 8, new SplitMix64(4));
        Parameter first = d.getParameters().get(0).getValue();
        float bound = (float) (1 / Math.sqrt(16 * 4 * 4));
        float[] w = first.getArray().toFloatArray();
        float max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertEquals(true, max <= bound && max > 0.8 * bound, "weights within and filling ±" + bound + ", max " + max);
    }

    @Test
    void forwardMatchesPyTorchWithTheSameWeights() {
        for (JsonElement element : Fixtures.load("core_fixtures.json").getAsJsonArray("discriminator")) {
            JsonObject c = element.getAsJsonObject();
            Block d = Discriminator.create(manager, c.get("in_channels").getAsInt(), c.get("width").getAsInt(),
                    c.get("min_side").getAsInt(), new SplitMix64(5));
            // PyTorch's nn.Sequential indices 0, 2, 4, 6, 8 are our layers 1..5, weight then bias
            JsonObject weights = c.getAsJsonObject("weights");
            List<Parameter> ours = new ArrayList<>();
            for (Pair<String, Parameter> p : d.getParameters()) {
                ours.add(p.getValue());
            }
            assertEquals(10, ours.size());
            for (int layer = 0; layer < 5; layer++) {
                for (int k = 0; k < 2; k++) {
                    JsonElement theirs = weights.get((2 * layer) + (k == 0 ? ".weight" : ".bias"));
                    Parameter mine = ours.get(2 * layer + k);
                    assertEquals(Fixtures.shape(theirs), mine.getArray().getShape(), mine.getName());
                    mine.getArray().set(Fixtures.floats(theirs));
                }
            }
            NDArray y = run(d, Fixtures.array(manager, c.get("x")));
            assertRelative(Fixtures.floats(c.get("y")), Fixtures.shape(c.get("y")), y, 1e-5);
        }
    }
}
