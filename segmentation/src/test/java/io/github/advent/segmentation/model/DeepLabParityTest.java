package io.github.advent.segmentation.model;

import io.github.advent.entropy.weights.WeightImport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logits of both heads against the PyTorch reference in make_deeplab_fixture.py. */
class DeepLabParityTest extends ManagedTest {
    private static final double TOLERANCE = 1e-4;

    private final Map<String, TensorData> expected = ModelFixtures.read(ModelFixtures.EXPECTED_NPZ);

    private DeepLabV2 load(String file) {
        DeepLabV2 network = DeepLabV2.create(manager, ModelFixtures.TINY, new SplitMix64(5));
        WeightImport report = DeepLabWeights.importFile(ModelFixtures.path(file), network, true);
        assertTrue(report.isExact(), report::summary);
        return network;
    }

    private NDList forward(DeepLabV2 network, boolean training) {
        NDArray input = expected.get("input").toNDArray(manager);
        return network.forward(new ParameterStore(manager, false), new NDList(input), training);
    }

    private static double compare(String what, TensorData reference, NDArray actual) {
        assertArrayEquals(reference.shape(), actual.getShape().getShape(), what + " shape");
        double error = ModelFixtures.relativeError(reference.toFloatArray(), actual.toFloatArray());
        System.out.printf("parity %s: max|diff|/max|ref| = %.3g%n", what, error);
        assertTrue(error <= TOLERANCE, what + ": relative error " + error);
        return error;
    }

    @Test
    void evalLogitsOfBothHeadsMatchPyTorch() {
        NDList out = forward(load(ModelFixtures.ADVENT_PTH), false);
        compare("eval main (layer6)", expected.get("eval_main"), out.get(DeepLabV2.MAIN));
        compare("eval aux (layer5)", expected.get("eval_aux"), out.get(DeepLabV2.AUX));
    }

    @Test
    void trainModeUsesBatchStatisticsAndUpdatesRunningStatisticsAsPyTorch() {
        DeepLabV2 network = load(ModelFixtures.ADVENT_PTH);
        NDList out = forward(network, true);
        compare("train main", expected.get("train_main"), out.get(DeepLabV2.MAIN));
        compare("train aux", expected.get("train_aux"), out.get(DeepLabV2.AUX));
        Map<String, ai.djl.nn.Parameter> state = network.stateDict();
        for (Map.Entry<String, TensorData> e : expected.entrySet()) {
            if (e.getKey().startsWith("after_train.")) {
                String key = e.getKey().substring("after_train.".length());
                float[] ref = e.getValue().toFloatArray();
                float[] got = state.get(key).getArray().toFloatArray();
                double error = ModelFixtures.relativeError(ref, got);
                assertTrue(error <= 1e-5, key + " after one train forward: relative error " + error);
            }
        }
    }

    @Test
    void safetensorsAndNpzWithTheSameKeysGiveTheSameNetwork(@TempDir Path dir) throws IOException {
        Map<String, TensorData> pth = ModelFixtures.read(ModelFixtures.ADVENT_PTH);
        Path safetensors = dir.resolve("tiny.safetensors");
        List<TensorEntry> entries = pth.entrySet().stream().map(e -> TensorEntry.of(e.getKey(), e.getValue())).toList();
        SafetensorsWriter.write(safetensors, Map.of(), entries);
        NDList viaSafetensors = forward(loadFrom(safetensors), false);
        NDList viaPth = forward(load(ModelFixtures.ADVENT_PTH), false);
        assertArrayEquals(viaPth.get(0).toFloatArray(), viaSafetensors.get(0).toFloatArray());
        assertArrayEquals(viaPth.get(1).toFloatArray(), viaSafetensors.get(1).toFloatArray());

        // float16 npz: loads, widened to float32 exactly
        DeepLabV2 half = load(ModelFixtures.ADVENT_FP16_NPZ);
        Map<String, TensorData> npz = ModelFixtures.read(ModelFixtures.ADVENT_FP16_NPZ);
        TensorData w = npz.get("layer4.0.conv2.weight");
        assertEquals(io.github.advent.entropy.weights.TensorType.FLOAT16, w.type());
        assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, half.stateDict().get("layer4.0.conv2.weight").getArray().getDataType());
        assertArrayEquals(w.toFloatArray(), half.stateDict().get("layer4.0.conv2.weight").getArray().toFloatArray());
        // and its logits are those of the float32 network up to half precision
        NDList viaHalf = forward(half, false);
        double error = ModelFixtures.relativeError(viaPth.get(0).toFloatArray(), viaHalf.get(0).toFloatArray());
        assertTrue(error < 2e-2, "float16 weights: relative error " + error);
    }

    private DeepLabV2 loadFrom(Path file) {
        DeepLabV2 network = DeepLabV2.create(manager, ModelFixtures.TINY, new SplitMix64(5));
        assertTrue(DeepLabWeights.importFile(file, network, true).isExact());
        return network;
    }
}
