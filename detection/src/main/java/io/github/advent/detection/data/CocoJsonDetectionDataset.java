package io.github.advent.detection.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.SampleLists;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images in a folder ({@code ROOT}) with their boxes in a COCO annotation file (option
 * {@code annotations}): {@code images[{id, file_name, width?, height?}]},
 * {@code annotations[{image_id, category_id, bbox [x, y, w, h], iscrowd?, difficult?}]},
 * {@code categories[{id, name}]}. {@code file_name} is relative to ROOT. A box is
 * {@code (x, y, x + w, y + h)} (COCO's corners are already exclusive at the maximum), clipped to the
 * image when the file gives its size; zero-area boxes are dropped. {@code iscrowd} or VOC's
 * {@code difficult} make a crowd box.
 *
 * <p>Categories are mapped onto the classes (option {@code classes}, default the eight Cityscapes
 * ones) <b>by name</b>, case-insensitively; boxes of other categories are ignored (logged once), and
 * a file none of whose categories is a class is refused. Everything malformed (a missing field, an
 * unknown image or category id, a duplicated id, a negative size, a missing image file) is a
 * {@link BadInputException} naming the file and the entry. Sample names are the images' file stems;
 * {@link #imageId} gives the COCO id for result files.
 */
public final class CocoJsonDetectionDataset implements DetectionDataset {
    private static final Logger LOG = LoggerFactory.getLogger(CocoJsonDetectionDataset.class);

    private record CocoImage(long id, String name, Path file, int width, int height, List<ObjectBox> boxes) {}

    /** Category id -> class index (0: not one of the classes), and the names of the categories left out. */
    private record CategoryMapping(Map<Long, Integer> classOf, TreeSet<String> ignored) {}

    private final Path root;
    private final Path annotationFile;
    private final DetectionOptions options;
    private final List<CocoImage> images;
    private final Map<String, Integer> byName = new HashMap<>();

    private CocoJsonDetectionDataset(Path root, Path annotationFile, DetectionOptions options, List<CocoImage> images) {
        this.root = root;
        this.annotationFile = annotationFile;
        this.options = options;
        this.images = List.copyOf(images);
        for (int i = 0; i < this.images.size(); i++) {
            byName.put(this.images.get(i).name(), i);
        }
    }

    public static CocoJsonDetectionDataset open(Path root, DetectionOptions options) {
        DatasetFolders.requireRoot(root, "COCO JSON (the images folder)");
        if (options.annotations() == null) {
            throw new IllegalArgumentException("dataset 'coco' needs option annotations=FILE (the COCO annotation JSON)");
        }
        Path file = options.annotations();
        if (!Files.exists(file) && !file.isAbsolute() && Files.exists(root.resolve(file))) {
            file = root.resolve(file);
        }
        List<CocoImage> all = read(root, file, options.classes());
        List<CocoImage> chosen = all;
        if (options.list() != null) {
            Map<String, CocoImage> byName = new LinkedHashMap<>();
            all.forEach(image -> byName.put(image.name(), image));
            chosen = SampleLists.names(options.list(), byName, entry -> DatasetFolders.stem(DatasetFolders.fileName(entry)), file)
                    .stream().map(byName::get).toList();
        }
        if (chosen.isEmpty()) {
            throw new BadInputException(file, "lists no image");
        }
        requireImageFiles(file, chosen);
        return new CocoJsonDetectionDataset(root, file, options, chosen);
    }

    /** The COCO id of sample {@code index}'s image (the {@code image_id} of result files). */
    public long imageId(int index) {
        return image(index).id();
    }

    public Path annotationFile() {
        return annotationFile;
    }

    @Override
    public String kind() {
        return "coco";
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public DetectionOptions options() {
        return options;
    }

    @Override
    public DetectionClasses classes() {
        return options.classes();
    }

    @Override
    public boolean labelled() {
        return true;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public String name(int index) {
        return image(index).name();
    }

    @Override
    public int indexOf(String name) {
        return byName.getOrDefault(name, -1);
    }

    @Override
    public Path imageFile(int index) {
        return image(index).file();
    }

    @Override
    public DetectionSample get(int index) {
        CocoImage entry = image(index);
        Image8 image = Images.readRgb(entry.file());
        checkSize(entry, image.width(), image.height());
        return new DetectionSample(entry.name(), entry.file(), image, boxesOf(entry), image.width(), image.height());
    }

    @Override
    public BoxAnnotation boxes(int index) {
        CocoImage entry = image(index);
        Images.ImageInfo info = Images.info(entry.file());
        checkSize(entry, info.width(), info.height());
        return new BoxAnnotation(info.width(), info.height(), boxesOf(entry));
    }

    @Override
    public String describe() {
        return String.format("coco at %s: %,d images of %s, classes %s%s", root, size(), annotationFile.getFileName(),
                options.classes(), options.minSize() > 0 ? ", boxes of at least " + options.minSize() + " px" : "");
    }

    @Override
    public String toString() {
        return describe();
    }

    private List<ObjectBox> boxesOf(CocoImage entry) {
        return entry.boxes().stream().filter(b -> b.isAtLeast(options.minSize())).toList();
    }

    private void checkSize(CocoImage entry, int width, int height) {
        if ((entry.width() > 0 && entry.width() != width) || (entry.height() > 0 && entry.height() != height)) {
            throw new BadInputException(annotationFile, "image " + entry.id() + " (" + entry.file().getFileName() + ") is "
                    + entry.width() + "x" + entry.height() + " in the annotations but " + width + "x" + height + " on disk");
        }
    }

    private CocoImage image(int index) {
        Objects.checkIndex(index, images.size());
        return images.get(index);
    }

    // ---------------------------------------------------------------------------------------------

    private static List<CocoImage> read(Path root, Path file, DetectionClasses classes) {
        JsonObject json = JsonFiles.readObject(file, "COCO annotations with images, annotations and categories");
        CategoryMapping categories = categories(file, JsonFiles.array(file, json, "categories", "$"), classes);

        JsonArray imageArray = JsonFiles.array(file, json, "images", "$");
        List<CocoImage> images = new ArrayList<>();
        Map<Long, CocoImage> byId = new HashMap<>();
        Map<String, Long> idOfName = new HashMap<>();
        for (int i = 0; i < imageArray.size(); i++) {
            String where = "images[" + i + "]";
            JsonObject o = JsonFiles.object(file, imageArray.get(i), where);
            long id = integer(file, o, "id", where);
            String fileName = JsonFiles.string(file, o, "file_name", where);
            String name = DatasetFolders.stem(DatasetFolders.fileName(fileName));
            int width = o.has("width") ? JsonFiles.positiveInt(file, o, "width", where) : 0;
            int height = o.has("height") ? JsonFiles.positiveInt(file, o, "height", where) : 0;
            CocoImage image = new CocoImage(id, name, root.resolve(fileName), width, height, new ArrayList<>());
            if (byId.putIfAbsent(id, image) != null) {
                throw new BadInputException(file, where + ".id " + id + " is not unique");
            }
            Long before = idOfName.putIfAbsent(name, id);
            if (before != null) {
                throw new BadInputException(file, where + ".file_name '" + fileName + "' has the same stem as image " + before
                        + "'s: sample names must be unique");
            }
            images.add(image);
        }

        JsonArray annotations = JsonFiles.array(file, json, "annotations", "$");
        for (int i = 0; i < annotations.size(); i++) {
            String where = "annotations[" + i + "]";
            JsonObject a = JsonFiles.object(file, annotations.get(i), where);
            long imageId = integer(file, a, "image_id", where);
            CocoImage image = byId.get(imageId);
            if (image == null) {
                throw new BadInputException(file, where + ".image_id " + imageId + " is not in images");
            }
            long categoryId = integer(file, a, "category_id", where);
            Integer classIndex = categories.classOf().get(categoryId);
            if (classIndex == null) {
                throw new BadInputException(file, where + ".category_id " + categoryId + " is not in categories");
            }
            float[] bbox = bbox(file, a, where);
            boolean crowd = JsonFiles.flag(file, a, "iscrowd", where) || JsonFiles.flag(file, a, "difficult", where);
            if (classIndex == 0) {
                continue;
            }
            ObjectBox box = new ObjectBox(bbox[0], bbox[1], bbox[0] + bbox[2], bbox[1] + bbox[3], classIndex, crowd);
            if (image.width() > 0 && image.height() > 0) {
                box = box.clipped(image.width(), image.height());
            }
            if (box.width() > 0 && box.height() > 0) {
                image.boxes().add(box);
            }
        }
        if (!categories.ignored().isEmpty()) {
            LOG.info("{}: ignoring the boxes of categories that are not among the classes ({}): {}", file, classes,
                    String.join(", ", categories.ignored()));
        }
        return images.stream().map(image -> new CocoImage(image.id(), image.name(), image.file(), image.width(), image.height(),
                List.copyOf(image.boxes()))).toList();
    }

    private static CategoryMapping categories(Path file, JsonArray categories, DetectionClasses classes) {
        Map<Long, Integer> out = new HashMap<>();
        TreeSet<String> ignored = new TreeSet<>();
        for (int i = 0; i < categories.size(); i++) {
            String where = "categories[" + i + "]";
            JsonObject c = JsonFiles.object(file, categories.get(i), where);
            long id = integer(file, c, "id", where);
            String name = JsonFiles.string(file, c, "name", where);
            int classIndex = classes.indexOf(name);
            if (out.putIfAbsent(id, classIndex) != null) {
                throw new BadInputException(file, where + ".id " + id + " is not unique");
            }
            if (classIndex == 0) {
                ignored.add(name);
            }
        }
        if (out.values().stream().noneMatch(index -> index > 0)) {
            throw new BadInputException(file, "none of its categories (" + String.join(", ", ignored) + ") is one of the classes "
                    + classes + "; option classes=a;b;c names other classes");
        }
        return new CategoryMapping(out, ignored);
    }

    private static long integer(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file, where + " has no " + key);
        }
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return new BigDecimal(e.getAsJsonPrimitive().getAsString()).longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException ex) {
            // falls through to the message below
        }
        throw new BadInputException(file, where + "." + key + " must be an integer, got " + JsonFiles.abbreviated(e));
    }

    private static float[] bbox(Path file, JsonObject o, String where) {
        JsonArray array = JsonFiles.array(file, o, "bbox", where);
        if (array.size() != 4) {
            throw new BadInputException(file, where + ".bbox must be [x, y, w, h], got " + JsonFiles.abbreviated(array));
        }
        float[] b = new float[4];
        for (int k = 0; k < 4; k++) {
            b[k] = (float) JsonFiles.number(file, array.get(k), where + ".bbox[" + k + "]");
        }
        if (b[2] < 0 || b[3] < 0) {
            throw new BadInputException(file, where + ".bbox " + array + " has a negative width or height (COCO boxes are"
                    + " [x, y, w, h], not corners)");
        }
        return b;
    }

    private static void requireImageFiles(Path annotations, List<CocoImage> images) {
        List<CocoImage> missing = images.stream().filter(image -> !Files.isRegularFile(image.file())).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException(missing.get(0).file(), "missing image " + missing.get(0).id() + " of " + annotations
                    + (missing.size() > 1 ? "; " + (missing.size() - 1) + " more of its images are missing" : ""));
        }
    }
}
