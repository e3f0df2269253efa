package io.github.advent.tools;

import io.github.advent.entropy.io.Images;
import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.segmentation.LabelledImage;
import io.github.advent.eval.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationEnsemble;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The evaluator's view of a checkpoint (or weighted ensemble): the image file in, train ids at the label's size out. */
final class EnsemblePredictor implements SegmentationPredictor {
    private final SegmentationEnsemble ensemble;

    EnsemblePredictor(SegmentationEnsemble ensemble) {
        this.ensemble = ensemble;
    }

    int numClasses() {
        return ensemble.numClasses();
    }

    @Override
    public LabelImage predict(LabelledImage image, int width, int height, LabelImage reuse) {
        int[] ids = ensemble.trainIds(Images.readRgb(image.imageFile()), width, height);
        LabelImage out = LabelImage.bytes(width, height, reuse);
        byte[] bytes = out.u8();
        for (int i = 0; i < ids.length; i++) {
            bytes[i] = (byte) ids[i];
        }
        return out;
    }

    @Override
    public Path source(LabelledImage image) {
        return image.imageFile();
    }

    @Override
    public String describe() {
        return ensemble.members().stream()
                .map(m -> m.checkpoint() + (ensemble.members().size() > 1 ? " x " + m.weight() : ""))
                .collect(Collectors.joining(" + "));
    }

    @Override
    public void close() {
        ensemble.close();
    }
}
