package io.github.advent.detection.data;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the clear and foggy Cityscapes detection datasets share: frames found when opened, each
 * image decoded and its gtFine boxes read on demand, the two checked to be the same size.
 */
abstract sealed class GtFineDataset implements DetectionDataset
        permits CityscapesDetectionDataset, FoggyCityscapesDetectionDataset {
    private final String kind;
    private final Path root;
    private final DetectionOptions options;
    private final List<GtFineFrames.Frame> frames;
    private final Map<String, Integer> byName = new HashMap<>();

    GtFineDataset(String kind, Path root, DetectionOptions options, List<GtFineFrames.Frame> frames) {
        this.kind = kind;
        this.root = root;
        this.options = options;
        this.frames = List.copyOf(frames);
        for (int i = 0; i < this.frames.size(); i++) {
            byName.put(this.frames.get(i).name(), i);
        }
    }

    @Override
    public String kind() {
        return kind;
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
        return DetectionClasses.CITYSCAPES;
    }

    @Override
    public boolean labelled() {
        return options.labelled();
    }

    @Override
    public int size() {
        return frames.size();
    }

    @Override
    public String name(int index) {
        return frame(index).name();
    }

    @Override
    public int indexOf(String name) {
        return byName.getOrDefault(name, -1);
    }

    @Override
    public Path imageFile(int index) {
        return frame(index).image();
    }

    /** The gtFine file the boxes of sample {@code index} come from, or null when unlabelled. */
    public Path annotationFile(int index) {
        return frame(index).annotation();
    }

    @Override
    public DetectionSample get(int index) {
        GtFineFrames.Frame frame = frame(index);
        Image8 image = Images.readRgb(frame.image());
        List<ObjectBox> boxes = List.of();
        if (labelled()) {
            boxes = checkedBoxes(frame, image.width(), image.height()).boxes();
        }
        return new DetectionSample(frame.name(), frame.image(), image, boxes, image.width(), image.height());
    }

    @Override
    public BoxAnnotation boxes(int index) {
        GtFineFrames.Frame frame = frame(index);
        if (!labelled()) {
            throw new IllegalStateException(kind + " at " + root + " was opened without labels");
        }
        Images.ImageInfo image = Images.info(frame.image());
        return checkedBoxes(frame, image.width(), image.height());
    }

    @Override
    public String describe() {
        return String.format("%s at %s: %,d %s frames of split %s%s", kind, root, size(),
                labelled() ? "labelled" : "unlabelled", options.split(),
                labelled() ? ", boxes from " + options.boxes().optionValue()
                        + (options.minSize() > 0 ? " (at least " + options.minSize() + " px)" : "") : "");
    }

    @Override
    public String toString() {
        return describe();
    }

    private BoxAnnotation checkedBoxes(GtFineFrames.Frame frame, int imageWidth, int imageHeight) {
        BoxAnnotation boxes = CityscapesBoxes.read(frame.annotation(), options.boxes());
        if (boxes.width() != imageWidth || boxes.height() != imageHeight) {
            throw new BadInputException(frame.annotation(), "annotates a " + boxes.width() + "x" + boxes.height()
                    + " image but " + frame.image().getFileName() + " is " + imageWidth + "x" + imageHeight);
        }
        return boxes.withoutSmallerThan(options.minSize());
    }

    private GtFineFrames.Frame frame(int index) {
        Objects.checkIndex(index, frames.size());
        return frames.get(index);
    }
}
