package io.github.advent.detection.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading annotation JSON (Cityscapes polygons, COCO) with every malformed field reported as a
 * {@link BadInputException} that names the file and the field's path ({@code objects[3].polygon}).
 */
final class JsonFiles {
    private JsonFiles() {}

    static JsonObject readObject(Path file, String expected) {
        JsonElement root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(reader);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "missing file (expected " + expected + ")");
        } catch (JsonParseException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new BadInputException(file, "not valid JSON: " + why, e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new BadInputException(file, "expected a JSON object (" + expected + ")");
        }
        return root.getAsJsonObject();
    }

    static JsonArray array(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file, where + " has no \"" + key + "\" list");
        }
        if (!e.isJsonArray()) {
            throw new BadInputException(file, path(where, key) + " must be a list, got " + abbreviated(e));
        }
        return e.getAsJsonArray();
    }

    static JsonObject object(Path file, JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw new BadInputException(file, where + " must be an object, got " + abbreviated(e));
        }
        return e.getAsJsonObject();
    }

    static String string(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file, where + " has no " + key);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadInputException(file, path(where, key) + " must be a string, got " + abbreviated(e));
        }
        return e.getAsString();
    }

    static double number(Path file, JsonElement e, String where) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
            throw new BadInputException(file, where + " must be a finite number, got " + abbreviated(e));
        }
        return e.getAsDouble();
    }

    static double number(Path file, JsonObject o, String key, String where) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new BadInputException(file, where + " has no " + key);
        }
        return number(file, o.get(key), path(where, key));
    }

    /** A whole number that fits an int and is positive (an image size). */
    static int positiveInt(Path file, JsonObject o, String key, String where) {
        double v = number(file, o, key, where);
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw new BadInputException(file, path(where, key) + " must be a positive whole number, got " + o.get(key));
        }
        return (int) v;
    }

    /** An optional 0/1/true/false flag; absent or null is false. */
    static boolean flag(Path file, JsonObject o, String key, String where) {
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
        throw new BadInputException(file, path(where, key) + " must be 0, 1, true or false, got " + abbreviated(e));
    }

    static String path(String where, String key) {
        return where.equals("$") ? key : where + "." + key;
    }

    /** A JSON value short enough for a one-line message. */
    static String abbreviated(JsonElement e) {
        String text = String.valueOf(e);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
