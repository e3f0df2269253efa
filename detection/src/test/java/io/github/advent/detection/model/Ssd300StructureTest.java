package io.github.advent.detection.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.detection.DetectionFixtures;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys, shapes and counts of the full network, without allocating it. */
class Ssd300StructureTest {
    /** SSD-300 with 9 classes, as PyTorch counts it (make_ssd_fixture.py). */
    private static final long FULL_PARAMETERS = 24_681_542L;

    @Test
    void fullNetworkKeysShapesAndCountEqualThePyTorchReference() throws IOException {
        JsonObject reference = JsonParser.parseString(
                Files.readString(DetectionFixtures.path(DetectionFixtures.KEYS_JSON))).getAsJsonObject();
        List<String> expected = new ArrayList<>();
        for (JsonElement entry : reference.getAsJsonArray("entries")) {
            JsonArray pair = entry.getAsJsonArray();
            expected.add(pair.get(0).getAsString() + " " + pair.get(1));
        }
        Ssd300 network = new Ssd300(SsdConfig.ssd300());
        List<String> actual = new ArrayList<>();
        network.stateDict().forEach((key, p) -> actual.add(key + " " + shapeJson(p.getShape().getShape())));
        assertEquals(expected, actual);
        assertEquals(71, actual.size());
        assertEquals(FULL_PARAMETERS, reference.get("parameters").getAsLong());
        assertEquals(FULL_PARAMETERS, network.parameterCount());
        network.stateDict().values().forEach(p -> assertFalse(p.isInitialized()));
        System.out.printf("ssd300-vgg16 K=9: %,d parameters, %d tensors%n", network.parameterCount(), actual.size());
    }

    @Test
    void oneGroupTrainsEveryParameter() {
        Ssd300 network = new Ssd300(new SsdConfig(8, 9));
        List<ParameterGroup> groups = network.parameterGroups();
        assertEquals(1, groups.size());
        assertEquals(1.0, groups.get(0).lrMultiplier());
        assertEquals(new ArrayList<>(network.stateDict().keySet()),
                groups.get(0).parameters().stream().map(NamedParameter::name).toList());
    }

    @Test
    void outputShapesFollowTheSixMaps() {
        Shape[] shapes = new Ssd300(new SsdConfig(16, 9)).getOutputShapes(new Shape[] {new Shape(2, 3, 300, 300)});
        assertEquals(12, shapes.length);
        assertEquals(new Shape(2, 36, 38, 38), shapes[0]);
        assertEquals(new Shape(2, 54, 19, 19), shapes[1]);
        assertEquals(new Shape(2, 54, 10, 10), shapes[2]);
        assertEquals(new Shape(2, 54, 5, 5), shapes[3]);
        assertEquals(new Shape(2, 36, 3, 3), shapes[4]);
        assertEquals(new Shape(2, 36, 1, 1), shapes[5]);
        assertEquals(new Shape(2, 16, 38, 38), shapes[6]);
        assertEquals(new Shape(2, 16, 1, 1), shapes[11]);
    }

    private static String shapeJson(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return b.append(']').toString();
    }
}
