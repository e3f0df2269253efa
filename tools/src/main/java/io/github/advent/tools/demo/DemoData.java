package io.github.advent.tools.demo;

import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
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
 *   ROOT/target/images/*.png           unlabelled realistic scenes (training, labels never read)
 *   ROOT/target-val/{images,labels}    held-out realistic scenes with labels (evaluation only)
 * </pre>
 * Scenes are numbered from a domain-specific seed, so source, target and validation scenes never share
 * a layout. Boxes are kept in memory ({@link Split#scenes()}) for the detection part of the demo.
 */
public final class DemoData {
    public static final String LABEL_MAP = "labels.txt";

    /** What to generate: image size and scene counts. */
    public record Spec(int width, int height, int sourceScenes, int targetScenes, int validationScenes, long seed) {}

    /** One written split and its scenes' boxes. */
    public record Split(Path root, List<List<Scene.Box>> boxes) {}

    /** The three splits. */
    public record Domains(Path root, Split source, Split target, Split validation) {
        public Path labelMap() {
            return root.resolve(LABEL_MAP);
        }
    }

    private DemoData() {}

    public static Domains write(Path root, Spec spec, DomainStyle sourceStyle, DomainStyle targetStyle, IntConsumer progress) {
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
        return new Domains(root, source, target, validation);
    }

    private static Split split(Path folder, DomainStyle style, Spec spec, int count, long stream, boolean labels,
            IntConsumer step) {
        try {
            Files.createDirectories(folder.resolve("images"));
            if (labels) {
                Files.createDirectories(folder.resolve("labels"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        List<List<Scene.Box>> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seed = io.github.advent.entropy.util.SplitMix64.derived(spec.seed() * 1000 + stream, i).nextLong();
            Scene scene = StreetScenes.generate(style, seed, spec.width(), spec.height());
            String name = String.format("%s_%04d.png", style.name(), i);
            Images.writeRgb(folder.resolve("images").resolve(name), scene.image());
            if (labels) {
                Images.writeGrey(folder.resolve("labels").resolve(name), new IntImage(spec.width(), spec.height(), 8, scene.labels()));
            }
            boxes.add(scene.boxes());
            step.accept(i);
        }
        return new Split(folder, boxes);
    }
}
