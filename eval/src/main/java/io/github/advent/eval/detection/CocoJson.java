package io.github.advent.eval.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads COCO ground truth ({@code images}, {@code annotations} with {@code bbox [x, y, w, h]},
 * {@code categories}) and COCO results ({@code [{image_id, category_id, bbox, score}, ...]}).
 * Every malformed or inconsistent entry (a missing field, a non-finite number, a negative size,
 * a duplicated id, an unknown image or category id) is a {@link BadInputException} naming the file
 * and the entry, e.g. {@code results.json: [12].image_id 7 is not an image of gt.json}.
 *
 * <p>Besides COCO's fields, an annotation may carry {@code "difficult": 1|true} (VOC's flag,
 * written by VOC-to-COCO converters); VOC metrics honour it, COCO AP50 ignores it as pycocotools
 * does.
 */
public final class CocoJson {
    private CocoJson() {}

    /** Reads a COCO ground-truth file. */
    public static DetectionGroundTruth readGroundTruth(Path file) {
        JsonElement root = parse(file);
        if (!root.isJsonObject()) {
            throw new BadInputException(file, "not COCO ground truth: expected an object with images, annotations and"
                    + " categories");
        }
        JsonObject o = root.getAsJsonObject();
        JsonArray images = array(file, o, "images", "$");
        JsonArray annotations = array(file, o, "annotations", "$");
        JsonArray categories = array(file, o, "categories", "$");

        List<Long> imageIds = new ArrayList<>();
        Set<Long> imageSet = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String where = "images[" + i + "]";
            long id = integer(file, object(file, images.get(i), where), "id", where);
            if (!imageSet.add(id)) {
                throw new BadInputException(file, where + ".id " + id + " is not unique");
            }
            imageIds.add(id);
        }
        List<Category> cats = new ArrayList<>();
        Set<Long> catSet = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            String where = "categories[" + i + "]";
            JsonObject c = object(file, categories.get(i), where);
            long id = integer(file, c, "id", where);
            if (!catSet.add(id)) {
                throw new BadInputException(file, where + ".id " + id + " is not unique");
            }
            JsonElement name = c.get("name");
            cats.add(new Category(id, name != null && name.isJsonPrimitive() ? name.getAsString() : "category " + id));
        }
        if (cats.isEmpty()) {
            throw new BadInputException(file, "no categories");
        }
        List<GroundTruthBox> boxes = new ArrayList<>();
        Set<Long> annIds = new HashSet<>();
        for (int i = 0; i < annotations.size(); i++) {
            String where = "annotations[" + i + "]";
            JsonObject a = object(file, annotations.get(i), where);
            long id = integer(file, a, "id", where);
            if (!annIds.add(id)) {
                throw new BadInputException(file, where + ".id " + id + " is not unique");
            }
            long imageId = integer(file, a, "image_id", where);
            if (!imageSet.contains(imageId)) {
                throw new BadInputException(file, where + ".image_id " + imageId + " is not in images");
            }
            long categoryId = integer(file, a, "category_id", where);
            if (!catSet.contains(categoryId)) {
                throw new BadInputException(file, where + ".category_id " + categoryId + " is not in categories");
            }
            double[] bbox = bbox(file, a, where);
            double area = a.has("area") ? number(file, a, "area", where) : bbox[2] * bbox[3];
            boolean crowd = flag(file, a, "iscrowd", where);
            boolean difficult = flag(file, a, "difficult", where);
            boxes.add(new GroundTruthBox(id, imageId, categoryId, bbox[0], bbox[1], bbox[2], bbox[3], area, crowd,
                    difficult));
        }
        return new DetectionGroundTruth(imageIds, cats, boxes);
    }

    /** Reads a COCO results file, checking each detection against {@code truth} (read from {@code truthFile}). */
    public static List<Detection> readDetections(Path file, DetectionGroundTruth truth, Path truthFile) {
        JsonElement root = parse(file);
        if (!root.isJsonArray()) {
            throw new BadInputException(file, "not COCO results: expected an array of {image_id, category_id, bbox,"
                    + " score}");
        }
        JsonArray array = root.getAsJsonArray();
        List<Detection> detections = new ArrayList<>(array.size());
        String truthName = truthFile == null ? "the ground truth" : truthFile.getFileName().toString();
        for (int i = 0; i < array.size(); i++) {
            String where = "[" + i + "]";
            JsonObject d = object(file, array.get(i), where);
            long imageId = integer(file, d, "image_id", where);
            if (!truth.hasImage(imageId)) {
                throw new BadInputException(file, where + ".image_id " + imageId + " is not an image of " + truthName);
            }
            long categoryId = integer(file, d, "category_id", where);
            if (truth.category(categoryId) == null) {
                throw new BadInputException(file, where + ".category_id " + categoryId + " is not a category of "
                        + truthName);
            }
            double[] bbox = bbox(file, d, where);
            double score = number(file, d, "score", where);
            detections.add(new Detection(imageId, categoryId, bbox[0], bbox[1], bbox[2], bbox[3], score, i));
        }
        return detections;
    }

    private static JsonElement parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(reader);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (JsonParseException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            throw new BadInputException(file, "not valid JSON: " + why, e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonArray array(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new BadInputException(file, "no \"" + key + "\" list: not COCO ground truth");
        }
        if (!e.isJsonArray()) {
            throw new BadInputException(file, "\"" + key + "\" must be a list");
        }
        return e.getAsJsonArray();
    }

    private static JsonObject object(Path file, JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw new BadInputException(file, where + " must be an object");
        }
        return e.getAsJsonObject();
    }

    private static long integer(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file, where + " has no " + key);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(file, where + "." + key + " must be an integer, got " + e);
        }
        try {
            return new BigDecimal(e.getAsJsonPrimitive().getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new BadInputException(file, where + "." + key + " must be an integer, got " + e);
        }
    }

    private static double number(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file, where + " has no " + key);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(file, where + "." + key + " must be a number, got " + e);
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new BadInputException(file, where + "." + key + " must be finite, got " + e);
        }
        return v;
    }

    private static boolean flag(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isNumber() && (p.getAsDouble() == 0 || p.getAsDouble() == 1)) {
                return p.getAsDouble() == 1;
            }
        }
        throw new BadInputException(file, where + "." + key + " must be 0, 1, true or false, got " + e);
    }

    private static double[] bbox(Path file, JsonObject o, String where) {
        JsonElement e = o.get("bbox");
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file, where + " has no bbox");
        }
        if (!e.isJsonArray() || e.getAsJsonArray().size() != 4) {
            throw new BadInputException(file, where + ".bbox must be [x, y, w, h], got " + e);
        }
        double[] b = new double[4];
        for (int k = 0; k < 4; k++) {
            JsonElement v = e.getAsJsonArray().get(k);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber() || !Double.isFinite(v.getAsDouble())) {
                throw new BadInputException(file, where + ".bbox must hold 4 finite numbers [x, y, w, h], got " + e);
            }
            b[k] = v.getAsDouble();
        }
        if (b[2] < 0 || b[3] < 0) {
            throw new BadInputException(file, where + ".bbox " + e + " has a negative width or height (COCO boxes are"
                    + " [x, y, w, h], not corners)");
        }
        return b;
    }
}
