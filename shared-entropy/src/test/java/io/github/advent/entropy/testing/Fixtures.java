package io.github.advent.entropy.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON fixtures written by the Python scripts under {@code src/test/resources/fixtures}. */
public final class Fixtures {
    private Fixtures() {}

    public static JsonObject load(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /fixtures/" + resource);
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code {"shape": [...], "data": [...]}} tensor. */
    public static NDArray array(NDManager manager, JsonElement tensor) {
        JsonObject object = tensor.getAsJsonObject();
        return manager.create(floats(object), shape(object));
    }

    public static float[] floats(JsonElement tensor) {
        var data = tensor.getAsJsonObject().getAsJsonArray("data");
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).getAsFloat();
        }
        return values;
    }

    public static Shape shape(JsonElement tensor) {
        var dims = tensor.getAsJsonObject().getAsJsonArray("shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsLong();
        }
        return new Shape(shape);
    }
}
