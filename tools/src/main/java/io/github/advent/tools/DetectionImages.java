package io.github.advent.tools;

import io.github.advent.detection.data.DetectionSample;
import io.github.advent.entropy.data.IndexedDataset;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import java.nio.file.Path;
import java.util.List;

/**
 * Image files as an unlabelled detection dataset (what SSD needs to predict: the image and its size), so
 * that they can be decoded ahead on background threads like training data.
 *
 * @param names a unique name per image, in order
 * @param files the image files, in the same order
 */
record DetectionImages(List<String> names, List<Path> files) implements IndexedDataset<DetectionSample> {
    DetectionImages {
        if (names.size() != files.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + files.size() + " files");
        }
        names = List.copyOf(names);
        files = List.copyOf(files);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public DetectionSample get(int index) {
        Path file = files.get(index);
        Image8 image = Images.readRgb(file);
        return new DetectionSample(names.get(index), file, image, List.of(), image.width(), image.height());
    }

    @Override
    public String name(int index) {
        return names.get(index);
    }
}
