package io.github.advent.tools;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advent predict}: run a checkpoint on images. */
@Command(name = "predict",
        header = "Run a checkpoint on an image or a folder of images.",
        description = "Writes a colour-coded prediction per image (and, on request, its entropy map and raw logits).",
        footer = {
            "  advent predict --checkpoint runs/gta2cs-advent/best.safetensors --input street.png --out pred",
            "  advent predict --checkpoint runs/gta2cs-advent/best.safetensors \\",
            "      --input data/cityscapes/leftImg8bit/val --out pred --entropy"})
public final class PredictCommand extends AdventCommand {

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH", description = "the model to run")
    Path checkpoint;

    @Option(names = "--input", required = true, paramLabel = "FILE|DIR",
            description = "an image, or a folder searched recursively for images")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the predictions")
    Path out;

    @Option(names = "--entropy", description = "also write each image's entropy map")
    boolean entropy;

    @Option(names = "--logits", description = "also write the raw logits (.npy)")
    boolean logits;

    @Mixin
    CommonOptions.Device device;

    @Override
    public Integer call() {
        return PendingFeature.stop(spec);
    }
}
