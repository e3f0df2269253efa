package io.github.advent.detection.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Boxes of the eight {@link DetectionClasses#CITYSCAPES} classes from a Cityscapes {@code gtFine}
 * annotation, in {@link ObjectBox}'s exclusive-max pixel corners.
 *
 * <p><b>instanceIds</b> ({@code *_gtFine_instanceIds.png}, 16-bit): a pixel of instance k of label
 * id c holds {@code c * 1000 + k}; each such value of the eight classes gives the tight box of its
 * pixels, {@code [min x, min y, max x + 1, max y + 1]}, in order of the value. Pixels holding a bare
 * label id below 1000 belong to no instance: for the eight classes these are "group" regions
 * (several people or cars annotated as one, in any number of disconnected pieces), and they are
 * <b>dropped</b>, as the benchmark's box conversion did; use {@code boxes=polygons} to keep them as
 * crowd boxes.
 *
 * <p><b>polygons</b> ({@code *_gtFine_polygons.json}: {@code imgWidth}, {@code imgHeight},
 * {@code objects[{label, polygon[[x, y], ...], deleted?}]}): each object whose label is one of the
 * eight classes gives the box of its vertices, {@code [min x, min y, max x + 1, max y + 1]} clipped
 * to the image: the vertices are pixel positions that the official instance maps paint inclusively
 * (cityscapesScripts' {@code json2instanceImg}), so a polygon's box covers the same pixels as its
 * instance's. A label ending in "group" ({@code cargroup}, {@code person group}) is a <b>crowd</b>
 * box of its class; objects marked {@code deleted}, other labels ({@code road}, {@code license
 * plate}, {@code caravan}) and polygons wholly outside the image are ignored. Objects keep the file's
 * order.
 */
public final class CityscapesBoxes {
    private static final int INSTANCE_BASE = 1000;
    private static final String GROUP = "group";

    private CityscapesBoxes() {}

    /** Reads a gtFine annotation of either kind. */
    public static BoxAnnotation read(Path file, BoxSource source) {
        return switch (source) {
            case INSTANCE_IDS -> fromInstanceIds(file);
            case POLYGONS -> fromPolygons(file);
        };
    }

    /** Boxes from a 16-bit {@code *_gtFine_instanceIds.png}. */
    public static BoxAnnotation fromInstanceIds(Path file) {
        IntImage ids = Images.readGrey(file);
        if (ids.bitDepth() != 16) {
            throw new BadInputException(file, ids.bitDepth() + "-bit image: Cityscapes' instanceIds files are 16-bit PNGs"
                    + " (label id * 1000 + instance); is this a labelIds file?");
        }
        return new BoxAnnotation(ids.width(), ids.height(), instanceBoxes(ids));
    }

    /** The tight box of every instance of the eight classes in an instance-id map, by instance value. */
    static List<ObjectBox> instanceBoxes(IntImage ids) {
        int values = 1 << 16;
        int[] minX = new int[values];
        int[] minY = new int[values];
        int[] maxX = new int[values];
        int[] maxY = new int[values];
        Arrays.fill(minX, Integer.MAX_VALUE);
        int width = ids.width();
        int[] pixels = ids.values();
        for (int y = 0; y < ids.height(); y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int v = pixels[row + x];
                if (v < INSTANCE_BASE) {
                    continue;
                }
                if (minX[v] == Integer.MAX_VALUE) {
                    minX[v] = x;
                    minY[v] = y;
                    maxX[v] = x;
                    maxY[v] = y;
                } else {
                    // rows are scanned in order, so minY is already the first row of the instance
                    minX[v] = Math.min(minX[v], x);
                    maxX[v] = Math.max(maxX[v], x);
                    maxY[v] = y;
                }
            }
        }
        List<ObjectBox> boxes = new ArrayList<>();
        for (int v = INSTANCE_BASE; v < values; v++) {
            if (minX[v] == Integer.MAX_VALUE) {
                continue;
            }
            int classIndex = DetectionClasses.CITYSCAPES.indexOfLabelId(v / INSTANCE_BASE);
            if (classIndex > 0) {
                boxes.add(ObjectBox.of(minX[v], minY[v], maxX[v] + 1, maxY[v] + 1, classIndex));
            }
        }
        return boxes;
    }

    /** Boxes from a {@code *_gtFine_polygons.json}. */
    public static BoxAnnotation fromPolygons(Path file) {
        JsonObject root = JsonFiles.readObject(file, "a Cityscapes polygon annotation with imgWidth, imgHeight and objects");
        int width = JsonFiles.positiveInt(file, root, "imgWidth", "$");
        int height = JsonFiles.positiveInt(file, root, "imgHeight", "$");
        JsonArray objects = JsonFiles.array(file, root, "objects", "$");
        List<ObjectBox> boxes = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            String where = "objects[" + i + "]";
            JsonObject object = JsonFiles.object(file, objects.get(i), where);
            String label = JsonFiles.string(file, object, "label", where).strip().toLowerCase(Locale.ROOT);
            boolean group = label.endsWith(GROUP);
            String className = group ? label.substring(0, label.length() - GROUP.length()).strip() : label;
            int classIndex = DetectionClasses.CITYSCAPES.indexOf(className);
            if (classIndex == 0 || JsonFiles.flag(file, object, "deleted", where)) {
                continue;
            }
            float[] bounds = vertexBounds(file, JsonFiles.array(file, object, "polygon", where), where + ".polygon");
            ObjectBox box = new ObjectBox(bounds[0], bounds[1], bounds[2] + 1, bounds[3] + 1, classIndex, group)
                    .clipped(width, height);
            if (box.width() > 0 && box.height() > 0) {
                boxes.add(box);
            }
        }
        return new BoxAnnotation(width, height, boxes);
    }

    /** {min x, min y, max x, max y} of a polygon's {@code [x, y]} vertices. */
    private static float[] vertexBounds(Path file, JsonArray polygon, String where) {
        if (polygon.isEmpty()) {
            throw new BadInputException(file, where + " has no vertices");
        }
        float[] b = {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int k = 0; k < polygon.size(); k++) {
            JsonElement vertex = polygon.get(k);
            String at = where + "[" + k + "]";
            if (!vertex.isJsonArray() || vertex.getAsJsonArray().size() != 2) {
                throw new BadInputException(file, at + " must be a vertex [x, y], got " + JsonFiles.abbreviated(vertex));
            }
            float x = (float) JsonFiles.number(file, vertex.getAsJsonArray().get(0), at + "[0]");
            float y = (float) JsonFiles.number(file, vertex.getAsJsonArray().get(1), at + "[1]");
            b[0] = Math.min(b[0], x);
            b[1] = Math.min(b[1], y);
            b[2] = Math.max(b[2], x);
            b[3] = Math.max(b[3], y);
        }
        return b;
    }
}
