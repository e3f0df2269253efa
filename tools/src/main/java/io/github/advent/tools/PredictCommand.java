package io.github.advent.tools;

import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Images;
import io.github.advent.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationPredictor.Prediction;
import io.github.advent.tools.cluster.Cluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advent predict}: run a checkpoint on images. */
@Command(name = "predict",
        header = "Run a checkpoint on an image or a folder of images.",
        description = {"Segmentation checkpoints write, per image: OUT/labelTrainIds/<name>.png (train ids, named like the image, so that"
                + " 'advent evaluate segmentation --predictions OUT/labelTrainIds' reads them), OUT/color/<stem>_color.png"
                + " (Cityscapes palette), with --entropy OUT/entropy/<stem>_entropy.png (normalised entropy x 255) and"
                + " with --logits OUT/logits/<stem>_logits.npy (the main head's float32 logits, C x h x w, before"
                + " upsampling). Sub-folders of an input folder are kept.",
                "Images are resized to the model size (1024x512; an image already that size is not resized), the"
                + " logits upsampled (bilinear, align corners) back to the image's size, as ADVENT evaluates.",
                "SSD-300 (detection) checkpoints write, per image, OUT/<stem>_boxes.png (sub-folders kept) with the"
                + " detections of score >= --score-threshold drawn in their class colours with name and score, and for"
                + " all images OUT/detections.json (every detection, score > 0.01, as COCO results: image_id,"
                + " category_id, bbox [x, y, w, h] in the image's pixels, score) and OUT/images.json (COCO images and"
                + " categories: image_id = 1 + position in the sorted input list, file names relative to --input)."},
        footer = {
            "  advent predict --checkpoint runs/gta2cs-advent/best.safetensors --input street.png --out pred",
            "  advent predict --checkpoint runs/gta2cs-advent/best.safetensors \\",
            "      --input data/cityscapes/leftImg8bit/val --out pred --entropy",
            "  advent predict --checkpoint runs/det/snapshots/iter_120000.safetensors \\",
            "      --input data/cityscapes/leftImg8bit_foggy/val --out pred-det --score-threshold 0.3"})
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
    CommonOptions.ScoreThreshold scoreThreshold;

    @Mixin
    CommonOptions.Device device;

    @Mixin
    CommonOptions.Spark spark;

    @Override
    public Integer call() {
        List<Path> images = imagesUnder(input);
        PrintWriter err = spec.commandLine().getErr();
        ModelIdentity identity = Checkpoints.identity(checkpoint);
        boolean detection = SsdConfig.isSsd(identity.architecture());
        float threshold = scoreThreshold.validated(this, detection, checkpoint, identity);
        if (detection) {
            if (entropy || logits) {
                throw usageError("--entropy and --logits are for segmentation checkpoints; " + checkpoint
                        + " is an SSD detector (" + identity + ")");
            }
            int written;
            try (Cluster cluster = spark.open()) {
                written = cluster == null
                        ? DetectionPrediction.run(checkpoint, Devices.resolve(device.device), input, images, out, threshold)
                        : ClusterPrediction.detect(cluster, checkpoint, device.device, input, images, out, threshold,
                                identity.numClasses());
            }
            err.println("advent: " + written + " image(s) with boxes, " + DetectionPredictionFiles.DETECTIONS_FILE + " and "
                    + DetectionPredictionFiles.IMAGES_FILE + " in " + out);
            return ExitCodes.OK;
        }
        try (Cluster cluster = spark.open()) {
            if (cluster != null) {
                int written = ClusterPrediction.segment(cluster, checkpoint, device.device, input, images, out, entropy,
                        logits);
                err.println("advent: " + written + " prediction(s) in " + out + " (" + cluster.describe() + ")");
                return ExitCodes.OK;
            }
        }
        try (SegmentationPredictor predictor = new SegmentationPredictor(checkpoint, Devices.resolve(device.device),
                        SegmentationPredictor.DEFAULT_WIDTH, SegmentationPredictor.DEFAULT_HEIGHT);
                ProgressBar bar = new ProgressBar("predict", images.size(), 10)) {
            SegmentationPredictionFiles files = new SegmentationPredictionFiles(out, predictor.identity().numClasses());
            for (Path image : images) {
                Prediction p = predictor.predict(Images.readRgb(image), entropy, logits);
                Path relative = Files.isDirectory(input) ? input.relativize(image.getParent()) : Path.of("");
                files.write(relative, image.getFileName().toString(), p);
                bar.step();
            }
        }
        err.println("advent: " + images.size() + " prediction(s) in " + out);
        return ExitCodes.OK;
    }

    /** The image itself, or every .png / .jpg / .jpeg below a folder, in name order. */
    static List<Path> imagesUnder(Path input) {
        if (!Files.exists(input)) {
            throw new BadInputException(input, "no such file or folder");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> files = Files.walk(input)) {
            List<Path> images = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
            if (images.isEmpty()) {
                throw new BadInputException(input, "no .png or .jpg images in this folder or below");
            }
            return images;
        } catch (IOException e) {
            throw new BadInputException(input, "cannot list: " + e.getMessage());
        }
    }
}
