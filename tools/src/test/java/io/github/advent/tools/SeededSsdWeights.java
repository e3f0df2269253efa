package io.github.advent.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.SafetensorsWriter;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;

/**
 * The seeded weights of {@code ssd-parity/make_ssd_parity.py}: every tensor of a weights description (key, shape,
 * bound, in state-dict order) filled from SplitMix64 seeded {@code seed · 1000003 + index} with
 * {@code (2u − 1) · bound} (float64, rounded to float32), or 20 where the bound is null (L2Norm's scale);
 * written as a safetensors file under the description's own keys, as a user's weight file would be.
 */
final class SeededSsdWeights {
    private SeededSsdWeights() {}

    static Path write(Path description, Path out) {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(description)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long seed = root.get("seed").getAsLong();
        List<TensorEntry> entries = new ArrayList<>();
        JsonArray tensors = root.getAsJsonArray("tensors");
        for (int index = 0; index < tensors.size(); index++) {
            JsonObject tensor = tensors.get(index).getAsJsonObject();
            JsonArray dims = tensor.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            int count = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = dims.get(d).getAsLong();
                count *= (int) shape[d];
            }
            JsonElement bound = tensor.get("bound");
            SplitMix64 random = new SplitMix64(seed * 1_000_003L + index);
            ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                buffer.putFloat(bound.isJsonNull() ? 20f : (float) ((random.nextDouble() * 2.0 - 1.0) * bound.getAsDouble()));
            }
            buffer.flip();
            entries.add(TensorEntry.of(tensor.get("key").getAsString(), new TensorData(TensorType.FLOAT32, shape, buffer)));
        }
        try {
            SafetensorsWriter.write(out, Map.of(), entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
