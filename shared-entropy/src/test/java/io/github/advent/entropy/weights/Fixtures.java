package io.github.advent.entropy.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Python-made fixtures in src/test/resources/weights and what expected.json says they hold. */
final class Fixtures {
    private Fixtures() {}

    record Expected(String name, String dtype, long[] shape, JsonArray values) {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/weights/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static JsonObject json() throws IOException {
        return JsonParser.parseString(Files.readString(dir().resolve("expected.json"))).getAsJsonObject();
    }

    /** The files expected.json describes. */
    static List<String> files() throws IOException {
        return new ArrayList<>(json().getAsJsonObject("files").keySet());
    }

    /** The tensors {@code file} must hold, in order. */
    static List<Expected> expected(String file) throws IOException {
        JsonObject root = json();
        JsonObject f = root.getAsJsonObject("files").getAsJsonObject(file);
        String prefix = f.get("prefix").getAsString();
        List<Expected> out = new ArrayList<>();
        for (JsonElement e : root.getAsJsonObject("sets").getAsJsonArray(f.get("set").getAsString())) {
            JsonObject t = e.getAsJsonObject();
            JsonArray s = t.getAsJsonArray("shape");
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsLong();
            }
            out.add(new Expected(prefix + t.get("name").getAsString(), t.get("dtype").getAsString(), shape,
                    t.getAsJsonArray("values")));
        }
        return out;
    }
}
