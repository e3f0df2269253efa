package io.github.advent.entropy.ops;

import static io.github.advent.entropy.testing.Close.assertRelative;
import static io.github.advent.entropy.testing.Close.assertScalar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.advent.entropy.testing.Fixtures;
import io.github.advent.entropy.testing.ManagedTest;
import org.junit.jupiter.api.Test;

class OpsTest extends ManagedTest {
    @Test
    void alignCornersWeightsPutInputCornersOnOutputCorners() {
        // 3 → 5: source coordinates 0, 0.5, 1, 1.5, 2
        float[] expected = {
            1, 0, 0,
            0.5f, 0.5f, 0,
            0, 1, 0,
            0, 0.5f, 0.5f,
            0, 0, 1
        };
        assertArrayEquals(expected, AlignCornersUpsampling.weights(3, 5));
        // a single output takes the first input, as PyTorch does
        assertArrayEquals(new float[] {1, 0, 0, 0}, AlignCornersUpsampling.weights(4, 1));
    }

    @Test
    void resizeOfARampIsTheRampAtTheNewResolution() {
        // f(y, x) = y + 10x sampled on 2x3 becomes the same plane sampled on 3x5
        NDArray x = manager.create(new float[] {0, 10, 20, 1, 11, 21}, new Shape(1, 1, 2, 3));
        NDArray y = AlignCornersUpsampling.resize(x, 3, 5);
        float[] expected = new float[15];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 5; c++) {
                expected[r * 5 + c] = r * 0.5f + c * 5f;
            }
        }
        assertRelative(expected, new Shape(1, 1, 3, 5), y, 1e-6);
    }

    @Test
    void bandedResizeEqualsTheWholeResizeBitForBit() {
        // 2 images, 19 classes, 65 x 129 -> 150 x 300: three bands of 64, 64 and 22 rows
        NDArray x = gaussian(new Shape(2, 19, 65, 129), 11);
        float[] whole = AlignCornersUpsampling.resize(x, 150, 300).toFloatArray();
        float[] banded = new float[whole.length];
        int[] bands = {0};
        AlignCornersUpsampling.forEachRowBand(x, 150, 300, (first, band) -> {
            assertArrayEquals(new long[] {2, 19, Math.min(AlignCornersUpsampling.BAND_ROWS, 150 - first), 300},
                    band.getShape().getShape());
            float[] values = band.toFloatArray();
            int rows = (int) band.getShape().get(2);
            for (int image = 0; image < 2 * 19; image++) { // copy each (image, class) plane's rows into place
                System.arraycopy(values, image * rows * 300, banded, image * 150 * 300 + first * 300, rows * 300);
            }
            bands[0]++;
        });
        assertEquals(3, bands[0]);
        assertArrayEquals(whole, banded);
    }

    @Test
    void argMaxOfTheResizeIsTheWholeResizesArgMax() {
        NDArray x = gaussian(new Shape(1, 19, 33, 65), 12);
        int[] expected = AlignCornersUpsampling.resize(x, 257, 513).argMax(1).toType(DataType.INT32, false).toIntArray();
        assertArrayEquals(expected, AlignCornersUpsampling.argMaxResized(x, 257, 513));
    }

    private NDArray gaussian(Shape shape, long seed) {
        io.github.advent.entropy.util.SplitMix64 random = new io.github.advent.entropy.util.SplitMix64(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    @Test
    void resizeAndItsInputGradientMatchPyTorch() {
        for (JsonElement element : Fixtures.load("core_fixtures.json").getAsJsonArray("resize")) {
            JsonObject c = element.getAsJsonObject();
            NDArray x = Fixtures.array(manager, c.get("x"));
            JsonArray size = c.getAsJsonArray("size");
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = AlignCornersUpsampling.resize(x, size.get(0).getAsInt(), size.get(1).getAsInt());
                assertRelative(Fixtures.floats(c.get("y")), Fixtures.shape(c.get("y")), y, 1e-6);
                collector.backward(y.mul(Fixtures.array(manager, c.get("upstream"))).sum());
            }
            assertRelative(Fixtures.floats(c.get("grad")), Fixtures.shape(c.get("grad")), x.getGradient(), 1e-5);
        }
    }

    @Test
    void crossEntropyOfUniformLogitsIsLnCAndIgnoresLabel255() {
        NDArray logits = manager.zeros(new Shape(1, 4, 1, 3));
        NDArray labels = manager.create(new long[] {0, 255, 3}, new Shape(1, 1, 3));
        assertScalar(Math.log(4), CrossEntropy.withIgnore(logits, labels), 1e-6);
        // a confident right answer costs ~0, the ignored pixel's wrong answer nothing
        NDArray confident = manager.create(new float[] {20, 0, 0, 0, 0, 0, 20, 0}, new Shape(1, 2, 1, 4))
                .get(":, :, :, :2");
        NDArray right = manager.create(new long[] {0, 255}, new Shape(1, 1, 2));
        assertScalar(0, CrossEntropy.withIgnore(confident, right), 1e-7);
        // every label ignored: 0, not NaN
        NDArray none = manager.create(new long[] {255, 255, 255}, new Shape(1, 1, 3));
        assertScalar(0, CrossEntropy.withIgnore(logits, none), 0);
    }

    @Test
    void crossEntropyAndItsGradientMatchPyTorch() {
        JsonObject c = Fixtures.load("core_fixtures.json").getAsJsonObject("cross_entropy");
        NDArray logits = Fixtures.array(manager, c.get("logits"));
        JsonArray labelValues = c.getAsJsonArray("labels");
        long[] ids = new long[labelValues.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labelValues.get(i).getAsLong();
        }
        JsonArray labelShape = c.getAsJsonArray("labels_shape");
        NDArray labels = manager.create(ids, new Shape(labelShape.get(0).getAsLong(), labelShape.get(1).getAsLong(),
                labelShape.get(2).getAsLong()));
        logits.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = CrossEntropy.withIgnore(logits, labels);
            assertScalar(c.get("loss").getAsDouble(), loss, 1e-6);
            collector.backward(loss);
        }
        assertRelative(Fixtures.floats(c.get("grad")), Fixtures.shape(c.get("grad")), logits.getGradient(), 1e-5);
        // labels given as int32 or float give the same loss
        assertScalar(c.get("loss").getAsDouble(), CrossEntropy.withIgnore(logits, labels.toType(DataType.INT32, false)), 1e-6);
    }

    @Test
    void domainBceIsLn2AtZeroAndMatchesPyTorch() {
        assertScalar(Math.log(2), DomainBce.withLogits(manager.zeros(new Shape(1, 1, 2, 2)), DomainBce.SOURCE), 1e-7);
        // a huge logit must not overflow: log(1 + e^100) ≈ 100
        assertScalar(100, DomainBce.withLogits(manager.create(new float[] {100f}), DomainBce.SOURCE), 1e-6);
        assertScalar(0, DomainBce.withLogits(manager.create(new float[] {100f}), DomainBce.TARGET), 1e-6);
        JsonObject c = Fixtures.load("core_fixtures.json").getAsJsonObject("bce");
        for (int label = 0; label <= 1; label++) {
            NDArray logits = Fixtures.array(manager, c.get("logits"));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = DomainBce.withLogits(logits, label);
                assertScalar(c.get("loss_" + label).getAsDouble(), loss, 1e-6);
                collector.backward(loss);
            }
            assertRelative(Fixtures.floats(c.get("grad_" + label)), Fixtures.shape(c.get("grad_" + label)),
                    logits.getGradient(), 1e-5);
        }
    }
}
