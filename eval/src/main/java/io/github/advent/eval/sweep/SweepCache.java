package io.github.advent.eval.sweep;

import io.github.advent.entropy.io.Json;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.eval.segmentation.SegmentationScores;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The scores of snapshots already evaluated, so that re-running a sweep evaluates only new
 * snapshots (ADVENT keeps {@code all_res.pkl} for the same purpose). An entry is keyed by the
 * evaluation (dataset, split, class set, protocol: {@code evaluationKey}), the snapshot file's
 * SHA-256 and its iteration, and holds the full confusion matrix, so every mean can be recomputed.
 * The file is rewritten atomically after each new entry: an interrupted sweep keeps what it did.
 */
public final class SweepCache {
    /** The cache's usual name, in the snapshot folder. */
    public static final String FILE_NAME = "advent-eval-cache.json";
    private static final String FORMAT = "advent-eval-sweep-cache/1";
    private static final Gson GSON = Json.PRETTY;

    private final Path file;
    private final String evaluationKey;
    private final JsonObject root;

    private SweepCache(Path file, String evaluationKey, JsonObject root) {
        this.file = file;
        this.evaluationKey = evaluationKey;
        this.root = root;
    }

    /** Opens (or starts) the cache at {@code file} for one evaluation set-up. */
    public static SweepCache open(Path file, String evaluationKey) {
        JsonObject root = new JsonObject();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                JsonElement e = JsonParser.parseReader(r);
                if (!e.isJsonObject() || !e.getAsJsonObject().has("format")
                        || !FORMAT.equals(e.getAsJsonObject().get("format").getAsString())
                        || !e.getAsJsonObject().has("evaluations")
                        || !e.getAsJsonObject().get("evaluations").isJsonObject()) {
                    throw new BadInputException(file, "not an advent sweep cache (" + FORMAT + "); move it away or"
                            + " delete it to evaluate every snapshot again");
                }
                root = e.getAsJsonObject();
            } catch (IOException | JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                throw new BadInputException(file, "damaged sweep cache (" + e.getMessage() + "); delete it to"
                        + " evaluate every snapshot again", e);
            }
        } else {
            root.addProperty("format", FORMAT);
            root.add("evaluations", new JsonObject());
        }
        return new SweepCache(file, evaluationKey, root);
    }

    public Path file() {
        return file;
    }

    private JsonArray entries(boolean create) {
        JsonObject evaluations = root.getAsJsonObject("evaluations");
        JsonElement e = evaluations.get(evaluationKey);
        if (e == null) {
            if (!create) {
                return new JsonArray();
            }
            JsonArray a = new JsonArray();
            evaluations.add(evaluationKey, a);
            return a;
        }
        return e.getAsJsonArray();
    }

    /** The cached scores of the snapshot with this hash and iteration, if any. */
    public synchronized Optional<SegmentationScores> get(String sha256, long iteration, ClassSet classSet) {
        try {
            for (JsonElement e : entries(false)) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("sha256").getAsString().equals(sha256) && o.get("iteration").getAsLong() == iteration) {
                    JsonArray rows = o.getAsJsonArray("confusion");
                    long[][] m = new long[rows.size()][];
                    for (int g = 0; g < m.length; g++) {
                        JsonArray row = rows.get(g).getAsJsonArray();
                        m[g] = new long[row.size()];
                        for (int p = 0; p < m[g].length; p++) {
                            m[g][p] = row.get(p).getAsLong();
                        }
                    }
                    if (m.length != classSet.size()) {
                        return Optional.empty();
                    }
                    return Optional.of(SegmentationScores.of(classSet, ConfusionMatrix.of(m), o.get("images").getAsInt()));
                }
            }
        } catch (RuntimeException e) {
            throw new BadInputException(file, "damaged sweep cache entry (" + e.getMessage() + "); delete the file to"
                    + " evaluate every snapshot again", e);
        }
        return Optional.empty();
    }

    /** Records a snapshot's scores and saves the file. */
    public synchronized void put(Snapshot snapshot, String sha256, SegmentationScores scores) {
        JsonObject o = new JsonObject();
        o.addProperty("iteration", snapshot.iteration());
        o.addProperty("sha256", sha256);
        o.addProperty("file", snapshot.file().getFileName().toString());
        o.addProperty("images", scores.images());
        o.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        JsonArray rows = new JsonArray();
        for (long[] row : scores.matrix().toArray()) {
            JsonArray r = new JsonArray();
            for (long v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        o.add("confusion", rows);
        entries(true).add(o);
        try {
            String text = GSON.toJson(root) + "\n";
            AtomicFiles.write(file, f -> Files.writeString(f, text, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write the sweep cache: " + e.getMessage(), e);
        }
    }
}
