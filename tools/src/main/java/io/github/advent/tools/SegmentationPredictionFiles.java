package io.github.advent.tools;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import io.github.advent.entropy.weights.NpyWriter;
import io.github.advent.segmentation.SegmentationPredictor.Prediction;
import io.github.advent.segmentation.data.Palette;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files {@code advent predict} and {@code advent adapt} write for a segmentation prediction, under OUT and
 * the image's sub-folder: labelTrainIds/&lt;stem&gt;.png (train ids, named like the image, so that
 * {@code evaluate segmentation --predictions OUT/labelTrainIds} reads them), color/&lt;stem&gt;_color.png, and when
 * the prediction has them entropy/&lt;stem&gt;_entropy.png (normalised entropy x 255) and logits/&lt;stem&gt;_logits.npy.
 */
final class SegmentationPredictionFiles {
    private final Path out;
    private final Palette palette;

    SegmentationPredictionFiles(Path out, int classes) {
        this.out = out;
        this.palette = Palette.forClasses(classes);
    }

    /** Writes {@code p} for the image {@code relative/name} ({@code relative}: its folder below the input). */
    void write(Path relative, String name, Prediction p) {
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Images.writeGrey(folder("labelTrainIds", relative).resolve(stem + ".png"),
                new IntImage(p.width(), p.height(), 8, p.trainIds()));
        Images.writeRgb(folder("color", relative).resolve(stem + "_color.png"),
                palette.colourise(p.trainIds(), p.width(), p.height()));
        if (p.entropy() != null) {
            int[] grey = new int[p.entropy().length];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = Math.round(Math.max(0f, Math.min(1f, p.entropy()[i])) * 255f);
            }
            Images.writeGrey(folder("entropy", relative).resolve(stem + "_entropy.png"),
                    new IntImage(p.width(), p.height(), 8, grey));
        }
        if (p.logits() != null) {
            Path npy = folder("logits", relative).resolve(stem + "_logits.npy");
            try {
                NpyWriter.write(npy, p.logits());
            } catch (IOException e) {
                throw new BadInputException(npy, "cannot write: " + e.getMessage());
            }
        }
    }

    private Path folder(String kind, Path relative) {
        Path folder = out.resolve(kind).resolve(relative);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot create: " + e.getMessage());
        }
        return folder;
    }
}
