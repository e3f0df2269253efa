package io.github.advent.segmentation.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys, shapes and counts of the full network, without allocating it. */
class DeepLabV2StructureTest {
    private static final long RESNET101_PARAMETERS = 44_601_560L;
    private static final int RESNET101_STATE_DICT_ENTRIES = 640;

    private static long numel(long[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    private static boolean isStatistic(String key) {
        return key.endsWith(".running_mean") || key.endsWith(".running_var");
    }

    @Test
    void fullResNet101KeysAndShapesEqualThePyTorchReference() throws IOException {
        JsonObject reference = JsonParser.parseString(
                Files.readString(ModelFixtures.path(ModelFixtures.RESNET101_KEYS))).getAsJsonObject();
        List<String> expected = new ArrayList<>();
        int numBatchesTracked = 0;
        for (JsonElement entry : reference.getAsJsonArray("entries")) {
            JsonArray pair = entry.getAsJsonArray();
            String key = pair.get(0).getAsString();
            if (key.endsWith(".num_batches_tracked")) {
                numBatchesTracked++;
                continue;
            }
            expected.add(key + " " + pair.get(1));
        }
        DeepLabV2 network = new DeepLabV2(DeepLabConfig.resnet101(19));
        List<String> actual = new ArrayList<>();
        network.stateDict().forEach((key, p) -> actual.add(key + " " + shapeJson(p.getShape().getShape())));
        assertEquals(expected, actual);
        assertEquals(RESNET101_STATE_DICT_ENTRIES, reference.get("state_dict_entries").getAsInt());
        assertEquals(RESNET101_STATE_DICT_ENTRIES, actual.size() + numBatchesTracked);
        assertEquals(104, numBatchesTracked); // one per BN: stem + 33 blocks x 3 + 4 downsamples
        // nothing was allocated
        network.stateDict().values().forEach(p -> assertFalse(p.isInitialized()));
    }

    @Test
    void fullResNet101HasTheSpecParameterCount() {
        DeepLabV2 network = new DeepLabV2(DeepLabConfig.resnet101(19));
        long parameters = 0;
        long trainable = 0;
        for (Map.Entry<String, Parameter> e : network.stateDict().entrySet()) {
            long n = numel(e.getValue().getShape().getShape());
            if (!isStatistic(e.getKey())) {
                parameters += n;
            }
            if (network.isTrainable(e.getKey())) {
                trainable += n;
            }
        }
        assertEquals(RESNET101_PARAMETERS, parameters);
        // BN affine: 2 x (64 + sum of block widths); printed for the report
        System.out.printf("resnet101 C=19: %,d parameters (%,d trained), %d state-dict tensors%n", parameters,
                trainable, network.stateDict().size());
        assertEquals(536, network.stateDict().size());
    }

    @Test
    void getParametersUsesTheStateDictKeysInOrder() {
        DeepLabV2 network = new DeepLabV2(new DeepLabConfig(Depth.RESNET50, 4, 7));
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            names.add(p.getKey());
            assertEquals(p.getKey(), p.getValue().getName());
        }
        assertEquals(new ArrayList<>(network.stateDict().keySet()), names);
        assertEquals("conv1.weight", names.get(0));
        assertEquals("layer6.conv2d_list.3.bias", names.get(names.size() - 1));
        assertEquals(List.of(7L, 512L, 3L, 3L), boxed(network.stateDict().get("layer6.conv2d_list.0.weight")));
        assertEquals(List.of(7L, 256L, 3L, 3L), boxed(network.stateDict().get("layer5.conv2d_list.0.weight")));
        assertEquals(List.of(256L, 128L, 1L, 1L), boxed(network.stateDict().get("layer3.0.downsample.0.weight")));
    }

    @Test
    void architectureNamesRoundTrip() {
        assertEquals("deeplabv2-resnet101", DeepLabConfig.resnet101(19).architecture());
        assertEquals("deeplabv2-resnet50", new DeepLabConfig(Depth.RESNET50, 1, 19).architecture());
        assertEquals("deeplabv2-resnet26-w16", new DeepLabConfig(Depth.RESNET26, 4, 19).architecture());
        assertEquals("deeplabv2-resnet14-w4", ModelFixtures.TINY.architecture());
        for (Depth depth : Depth.values()) {
            for (int divisor : new int[] {1, 2, 4, 8, 16}) {
                DeepLabConfig config = new DeepLabConfig(depth, divisor, 3);
                assertEquals(config, DeepLabConfig.of(config.identity()));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DeepLabConfig.parse("deeplabv2-resnet101-w64", 19));
        assertThrows(IllegalArgumentException.class, () -> DeepLabConfig.parse("deeplabv3-resnet101", 19));
        assertThrows(IllegalArgumentException.class, () -> DeepLabConfig.parse("deeplabv2-resnet18", 19));
        assertThrows(IllegalArgumentException.class, () -> new DeepLabConfig(Depth.RESNET14, 3, 19));
    }

    private static List<Long> boxed(Parameter p) {
        return Arrays.stream(p.getShape().getShape()).boxed().toList();
    }

    private static String shapeJson(long[] shape) {
        JsonArray array = new JsonArray();
        for (long d : shape) {
            array.add(d);
        }
        return array.toString();
    }
}
