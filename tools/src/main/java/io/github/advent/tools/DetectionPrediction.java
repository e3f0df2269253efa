package io.github.advent.tools;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code advent predict} with an SSD-300 checkpoint: the images in order through the checkpoint's detector,
 * written as {@link DetectionPredictionFiles} (COCO image id = 1 + position in the sorted input list, file
 * names relative to the input folder).
 */
final class DetectionPrediction {
    private DetectionPrediction() {}

    /** Returns the number of images written. */
    static int run(Path checkpoint, Device device, Path input, List<Path> images, Path out, float scoreThreshold) {
        List<String> names = new ArrayList<>();
        for (Path image : images) {
            names.add(relative(input, image));
        }
        try (SsdImageDetector detector = new SsdImageDetector(checkpoint, device);
                ProgressBar bar = new ProgressBar("predict", images.size(), 10)) {
            DetectionPredictionFiles files = new DetectionPredictionFiles(out, detector.identity().numClasses(),
                    scoreThreshold);
            detector.run(new DetectionImages(names, images), bar,
                    (index, sample, detections) -> files.add(index, names.get(index), sample, detections));
            files.finish();
        }
        return images.size();
    }

    /** The image's path below the input folder ('/'-separated), or its file name when the input is the file. */
    static String relative(Path input, Path image) {
        Path rel = Files.isDirectory(input) ? input.relativize(image) : image.getFileName();
        return rel.toString().replace('\\', '/');
    }
}
