package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Json;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Writes the demo's two domains as plain folder datasets (the layout {@code advent train
 * segmentation --source folder=…} reads), so that a user can open and reuse them:
 * <pre>
 *   ROOT/labels.txt                    the label map (id trainId name)
 *   ROOT/source/{images,labels}/*.png  labelled synthetic scenes (training)
 *   ROOT/target/images/*.png           realistic scenes (training; adaptation reads the images only)
 *   ROOT/target/labels/*.png, ROOT/target/oracle-boxes.json  their labels and boxes, read only by the
 *                                      oracle (the upper bound trained on target labels)
 *   ROOT/target-val/{images,labels}    held-out realistic scenes with labels (evaluation only)
 *   ROOT/source-val/{images,labels}    held-out synthetic scenes with labels (the source-domain score)
 *   ROOT/fog/..., ROOT/fog-val/...     the same for the foggy target ({@link DomainStyle#fog()}: the source's
 *                                      look and camera in fog), the detection demo's main target
 *   ROOT/{source,target,target-val,source-val}/boxes.json  the person and car boxes as COCO JSON (the
 *                                      target's lists its images only)
 *   ROOT/{split}/views/*.png, views.json  the square views the detector trains and is scored on
 *                                      ({@link DetectionViews}) with their boxes (the target's: oracle-views.json)
 * </pre>
 * Scenes are numbered from a domain-specific seed, so source, target and validation scenes never share
 * a layout.
 */
public final class DemoData {
    public static final String LABEL_MAP = "labels.txt";
    public static final String BOXES = "boxes.json";

    /** What to generate: image size and scene counts. */
    public record Spec(int width, int height, int sourceScenes, int targetScenes, int validationScenes, long seed) {}

    public static final String ORACLE_BOXES = "oracle-boxes.json";
    public static final String VIEWS = "views.json";
    public static final String ORACLE_VIEWS = "oracle-views.json";

    /** One written split: its folder and the name of its detection file (COCO JSON of the detector's views). */
    public record Split(Path root, String views) {
        public Split(Path root) {
            this(root, VIEWS);
        }

        /** The detector's images and boxes. */
        public Path viewFile() {
            return root.resolve(views);
        }
    }

    /** The splits: the source's, the realistic target's and the foggy target's. */
    public record Domains(Path root, Split source, Split target, Split validation, Split sourceValidation, Split fog,
            Split fogValidation) {
        public Path labelMap() {
            return root.resolve(LABEL_MAP);
        }

        /** The target training scenes with their labels and boxes: the oracle's training data. */
        public Split labelledTarget() {
            return labelled(target);
        }

        /** The labelled version of a target's training split (its oracle files). */
        public static Split labelled(Split target) {
            return new Split(target.root(), ORACLE_VIEWS);
        }
    }

    private DemoData() {}

    /** Scenes {@link #write} generates for {@code spec}. */
    public static int sceneCount(Spec spec) {
        return spec.sourceScenes() + 2 * spec.targetScenes() + 3 * spec.validationScenes();
    }

    public static Domains write(Path root, Spec spec, DomainStyle sourceStyle, DomainStyle targetStyle, DomainStyle fogStyle,
            IntConsumer progress) {
        try {
            Files.createDirectories(root);
            StringBuilder map = new StringBuilder("# the demo's classes: id trainId name\n");
            for (DemoClass kind : DemoClass.values()) {
                map.append(kind.ordinal()).append(' ').append(kind.ordinal()).append(' ').append(kind.label()).append('\n');
            }
            Files.writeString(root.resolve(LABEL_MAP), map, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo data under " + root, e);
        }
        int[] done = {0};
        IntConsumer step = k -> progress.accept(++done[0]);
        Split source = split(root.resolve("source"), sourceStyle, spec, spec.sourceScenes(), 1, true, step);
        Split target = split(root.resolve("target"), targetStyle, spec, spec.targetScenes(), 2, false, step);
        Split validation = split(root.resolve("target-val"), targetStyle, spec, spec.validationScenes(), 3, true, step);
        Split sourceValidation = split(root.resolve("source-val"), sourceStyle, spec, spec.validationScenes(), 4, true, step);
        // the foggy target draws its layouts from streams of its own: no scene is shared with the others
        Split fog = split(root.resolve("fog"), fogStyle, spec, spec.targetScenes(), 5, false, step);
        Split fogValidation = split(root.resolve("fog-val"), fogStyle, spec, spec.validationScenes(), 6, true, step);
        return new Domains(root, source, target, validation, sourceValidation, fog, fogValidation);
    }

    /** Writes one split; {@code listBoxes} false: boxes.json lists the images only, the boxes go to the oracle's file. */
    private static Split split(Path folder, DomainStyle style, Spec spec, int count, long stream, boolean listBoxes,
            IntConsumer step) {
        try {
            Files.createDirectories(folder.resolve("images"));
            Files.createDirectories(folder.resolve("labels"));
            Files.createDirectories(folder.resolve("views"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        List<List<Scene.Box>> boxes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<List<Scene.Box>> viewBoxes = new ArrayList<>();
        List<String> viewNames = new ArrayList<>();
        int viewSide = spec.height();
        for (int i = 0; i < count; i++) {
            long seed = io.github.advent.entropy.util.SplitMix64.derived(spec.seed() * 1000 + stream, i).nextLong();
            Scene scene = StreetScenes.generate(style, seed, spec.width(), spec.height());
            String name = String.format("%s_%04d.png", style.name(), i);
            Images.writeRgb(folder.resolve("images").resolve(name), scene.image());
            Images.writeGrey(folder.resolve("labels").resolve(name), new IntImage(spec.width(), spec.height(), 8, scene.labels()));
            boxes.add(scene.boxes());
            names.add("images/" + name);
            List<DetectionViews.View> views = DetectionViews.of(scene);
            for (int v = 0; v < views.size(); v++) {
                String viewName = String.format("views/%s_%04d_%d.png", style.name(), i, v);
                Images.writeRgb(folder.resolve(viewName), views.get(v).image());
                viewBoxes.add(views.get(v).boxes());
                viewNames.add(viewName);
            }
            step.accept(i);
        }
        writeCoco(folder.resolve(BOXES), names, listBoxes ? boxes : null, spec.width(), spec.height());
        writeCoco(folder.resolve(VIEWS), viewNames, listBoxes ? viewBoxes : null, viewSide, spec.height());
        if (!listBoxes) {
            writeCoco(folder.resolve(ORACLE_BOXES), names, boxes, spec.width(), spec.height());
            writeCoco(folder.resolve(ORACLE_VIEWS), viewNames, viewBoxes, viewSide, spec.height());
        }
        return new Split(folder);
    }

    /** COCO JSON: images (file names relative to the split folder), person/car boxes, categories. */
    private static void writeCoco(Path file, List<String> names, List<List<Scene.Box>> boxes, int width, int height) {
        JsonObject root = new JsonObject();
        JsonArray images = new JsonArray();
        JsonArray annotations = new JsonArray();
        long annotationId = 1;
        for (int i = 0; i < names.size(); i++) {
            JsonObject image = new JsonObject();
            image.addProperty("id", i + 1);
            image.addProperty("file_name", names.get(i));
            image.addProperty("width", width);
            image.addProperty("height", height);
            images.add(image);
            if (boxes == null) {
                continue;
            }
            for (Scene.Box box : boxes.get(i)) {
                JsonObject a = new JsonObject();
                a.addProperty("id", annotationId++);
                a.addProperty("image_id", i + 1);
                a.addProperty("category_id", DemoClass.objects().indexOf(box.kind()) + 1);
                JsonArray bbox = new JsonArray();
                bbox.add(box.x1());
                bbox.add(box.y1());
                bbox.add(box.width());
                bbox.add(box.height());
                a.add("bbox", bbox);
                a.addProperty("area", box.width() * box.height());
                a.addProperty("iscrowd", 0);
                a.addProperty("difficult", box.difficult() ? 1 : 0);
                annotations.add(a);
            }
        }
        JsonArray categories = new JsonArray();
        for (DemoClass kind : DemoClass.objects()) {
            JsonObject c = new JsonObject();
            c.addProperty("id", DemoClass.objects().indexOf(kind) + 1);
            c.addProperty("name", kind.label());
            categories.add(c);
        }
        root.add("images", images);
        root.add("annotations", annotations);
        root.add("categories", categories);
        try {
            Files.writeString(file, Json.COMPACT.toJson(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
