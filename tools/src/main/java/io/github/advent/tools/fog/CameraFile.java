package io.github.advent.tools.fog;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.advent.entropy.io.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a Cityscapes {@code *_camera.json}: {@code extrinsic.baseline, z, pitch} and
 * {@code intrinsic.fx, fy, u0, v0}. Other fields (yaw, roll, x, y) are ignored. Every problem is a
 * {@link BadInputException} naming the file and, where one is at fault, the field.
 */
public final class CameraFile {
    private CameraFile() {}

    public static Camera read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "missing: no such file (every image needs its camera file)");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "cannot read: permission denied");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new BadInputException(file, "corrupt camera file: not valid JSON", e);
        }
        if (!root.isJsonObject()) {
            throw new BadInputException(file, "corrupt camera file: expected a JSON object");
        }
        JsonObject json = root.getAsJsonObject();
        double baseline = positive(file, "extrinsic", "baseline", json);
        double fx = positive(file, "intrinsic", "fx", json);
        double fy = positive(file, "intrinsic", "fy", json);
        double u0 = number(file, json, "intrinsic", "u0");
        double v0 = number(file, json, "intrinsic", "v0");
        double height = positive(file, "extrinsic", "z", json);
        double pitch = number(file, json, "extrinsic", "pitch");
        if (!(Math.abs(pitch) < Math.PI / 4)) {
            throw new BadInputException(file, "field extrinsic.pitch is " + pitch + " rad: a street camera's pitch is"
                    + " within 45 degrees (Cityscapes: about 0.04)");
        }
        return new Camera(baseline, fx, fy, u0, v0, height, pitch);
    }

    /** The number at {@code group.field}, which must be above 0 (a baseline, a focal length). */
    private static double positive(Path file, String group, String field, JsonObject json) {
        double value = number(file, json, group, field);
        if (!(value > 0)) {
            throw new BadInputException(file, "field " + group + "." + field + " must be positive, got " + value);
        }
        return value;
    }

    /** The finite number at {@code group.field}. */
    private static double number(Path file, JsonObject root, String group, String field) {
        String name = group + "." + field;
        JsonElement section = root.get(group);
        if (section == null || !section.isJsonObject()) {
            throw new BadInputException(file, "missing field " + name + " (no '" + group + "' object)");
        }
        JsonElement value = section.getAsJsonObject().get(field);
        if (value == null || value.isJsonNull()) {
            throw new BadInputException(file, "missing field " + name);
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(file, "field " + name + " is not a number: " + value);
        }
        double number = value.getAsDouble();
        if (!Double.isFinite(number)) {
            throw new BadInputException(file, "field " + name + " is not finite: " + value);
        }
        return number;
    }
}
