package io.github.advent.eval.detection;

import com.google.gson.stream.JsonWriter;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what {@link CocoJson} reads, for pycocotools and for {@code advent evaluate detection
 * --ground-truth --detections}: COCO ground truth ({@code images}, {@code annotations} with
 * {@code bbox [x, y, w, h]}, {@code area}, {@code iscrowd}, {@code categories}) and COCO results
 * ({@code [{image_id, category_id, bbox, score}]}). Numbers are written with Java's shortest
 * round-trip form, so reading a file back gives exactly the values written (and the same AP). Files
 * are written atomically.
 */
public final class CocoJsonWriter {
    /** An entry of a ground-truth file's {@code images}: {@code file_name} relative to the dataset's root. */
    public record Image(long id, String fileName, int width, int height) {}

    private CocoJsonWriter() {}

    /** A COCO ground-truth file. A box's {@code difficult} flag is written only when set (VOC-to-COCO style). */
    public static void writeGroundTruth(Path file, List<Image> images, List<Category> categories,
            List<GroundTruthBox> boxes) {
        write(file, json -> {
            json.beginObject();
            json.name("images").beginArray();
            for (Image image : images) {
                json.beginObject().name("id").value(image.id()).name("file_name").value(image.fileName())
                        .name("width").value(image.width()).name("height").value(image.height()).endObject();
            }
            json.endArray();
            json.name("annotations").beginArray();
            for (GroundTruthBox b : boxes) {
                json.beginObject().name("id").value(b.id()).name("image_id").value(b.imageId())
                        .name("category_id").value(b.categoryId());
                bbox(json, b.x(), b.y(), b.w(), b.h());
                json.name("area").value(b.area()).name("iscrowd").value(b.crowd() ? 1 : 0);
                if (b.difficult()) {
                    json.name("difficult").value(1);
                }
                json.endObject();
            }
            json.endArray();
            json.name("categories").beginArray();
            for (Category c : categories) {
                json.beginObject().name("id").value(c.id()).name("name").value(c.name()).endObject();
            }
            json.endArray();
            json.endObject();
        });
    }

    /** A COCO results file, detections in the given order (the order breaks ties in score). */
    public static void writeResults(Path file, List<Detection> detections) {
        write(file, json -> {
            json.beginArray();
            for (Detection d : detections) {
                json.beginObject().name("image_id").value(d.imageId()).name("category_id").value(d.categoryId());
                bbox(json, d.x(), d.y(), d.w(), d.h());
                json.name("score").value(d.score()).endObject();
            }
            json.endArray();
        });
    }

    private static void bbox(JsonWriter json, double x, double y, double w, double h) throws IOException {
        json.name("bbox").beginArray().value(x).value(y).value(w).value(h).endArray();
    }

    private interface Body {
        void write(JsonWriter json) throws IOException;
    }

    private static void write(Path file, Body body) {
        try {
            AtomicFiles.write(file, temporary -> {
                try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
                        JsonWriter json = new JsonWriter(out)) {
                    body.write(json);
                }
            });
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write: " + e.getMessage(), e);
        }
    }
}
