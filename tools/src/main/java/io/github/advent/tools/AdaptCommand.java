package io.github.advent.tools;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.DetectionDatasets;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.GradMode;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.data.DatasetContent;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.TestTimeAdapter;
import io.github.advent.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advent adapt}: test-time entropy minimisation (Tent) of a checkpoint on a stream of target images. */
@Command(name = "adapt",
        header = "Test-time entropy adaptation (Tent) of a checkpoint on target images, without source data.",
        description = {"Reads the target images in the dataset's order; for each batch takes --steps Adam steps on the"
                + " mean normalised entropy of the model's predictions (segmentation: every pixel of the main head;"
                + " detection: every default box), updating only the normalisation layers' affine parameters"
                + " (DeepLab-V2: batch norm's scale and shift, with the batch's own statistics; SSD-300, which has no"
                + " batch norm: L2Norm's scale); then predicts that batch with the updated model and writes the"
                + " predictions as 'advent predict' does. Everything else stays frozen, running statistics included.",
                "Segmentation writes OUT/labelTrainIds (for 'advent evaluate segmentation --predictions') and OUT/color;"
                + " detection writes OUT/detections.json (for 'advent evaluate detection --dataset ... --detections';"
                + " image ids follow the dataset's order) with OUT/images.json and the drawn boxes. OUT/entropy.csv holds"
                + " each batch's mean entropy before its steps and after.",
                "Defaults are Tent's (Wang et al., ICLR 2021, and its reference code): Adam, lr 1e-3, betas (0.9, 0.999),"
                + " one step per batch, online (the model keeps adapting over the stream)."},
        footer = {
            "  advent adapt --checkpoint runs/gta2cs-source/best.safetensors \\",
            "      --target cityscapes=data/cityscapes,split=val --out adapted",
            "  advent evaluate segmentation --dataset cityscapes=data/cityscapes --predictions adapted/labelTrainIds",
            "  advent adapt --checkpoint runs/det/best.safetensors --target foggy-cityscapes=data/cityscapes,beta=0.02 \\",
            "      --out adapted-det --episodic"})
public final class AdaptCommand extends AdventCommand {
    static final String ENTROPY_FILE = "entropy.csv";
    static final String CHECKPOINT_FILE = "adapted.safetensors";

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH", description = "the model to adapt")
    Path checkpoint;

    @Option(names = "--target", required = true, paramLabel = "KIND=ROOT[,key=value]", converter = DatasetSpec.Converter.class,
            description = "the target images, in the dataset's order (split=val unless given)")
    DatasetSpec target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the predictions")
    Path out;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1",
            description = "Adam steps per batch before its prediction (default: ${DEFAULT-VALUE}; 0: batch statistics only)")
    int steps;

    @Option(names = "--lr", paramLabel = "R", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--episodic", description = "reset the model to the checkpoint before every batch")
    boolean episodic;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "images per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--save-checkpoint",
            description = "also write the adapted model as OUT/" + CHECKPOINT_FILE + " (a normal checkpoint)")
    boolean saveCheckpoint;

    @Mixin
    CommonOptions.ScoreThreshold scoreThreshold;

    @Mixin
    CommonOptions.Device device;

    @Override
    public Integer call() {
        requireAtLeast("--steps", steps, 0);
        requireAtLeast("--batch", batch, 1);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw usageError("--lr must be a positive number, got " + learningRate);
        }
        TestTimeAdapter.Config config = new TestTimeAdapter.Config(steps, learningRate, episodic);
        ModelIdentity identity = Checkpoints.identity(checkpoint);
        boolean detection = SsdConfig.isSsd(identity.architecture());
        float threshold = scoreThreshold.validated(this, detection, checkpoint, identity);
        Device on = Devices.resolve(device.device);
        GradMode.disableOnThisThread();
        List<TestTimeRun.BatchEntropy> entropies;
        int images;
        try (NDManager manager = NDManager.newBaseManager(on)) {
            if (detection) {
                TrainCommand.requireRole(this, "--target", target, DetectionDataset.class, DatasetContent.IMAGES,
                        "a detection target");
                TrainCommand.Detection.requireDetectionOptions(this, "--target", target);
                DetectionDataset data = DetectionDatasets.open(target.kind().cliName(), target.root(),
                        DetectionDatasets.withLabelled(target.kind().cliName(), targetOptions(), false));
                List<String> names = new ArrayList<>();
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < data.size(); i++) {
                    files.add(data.imageFile(i));
                    names.add(target.root().relativize(data.imageFile(i)).toString().replace('\\', '/'));
                }
                DetectionPredictionFiles[] written = new DetectionPredictionFiles[1];
                try (DetectionTestTime stream = new DetectionTestTime(checkpoint, on, new DetectionImages(names, files),
                        (index, sample, detections) -> written[0].add(index, names.get(index), sample, detections))) {
                    written[0] = new DetectionPredictionFiles(out, stream.numClasses(), threshold);
                    entropies = adapt(stream, config, manager);
                    written[0].finish();
                }
                images = data.size();
            } else {
                TrainCommand.requireRole(this, "--target", target, SegmentationDataset.class, DatasetContent.IMAGES,
                        "a segmentation target");
                target.requireKeys(this, "--target", SegmentationDatasets.kind(target.kind().cliName()).optionKeys(),
                        "segmentation");
                Map<String, String> options = targetOptions();
                if (SegmentationDatasets.kind(target.kind().cliName()).optionKeys().contains("labelled")) {
                    options.putIfAbsent("labelled", "false");
                }
                SegmentationDataset data = SegmentationDatasets.open(target.kind().cliName(), target.root(), options);
                data.labelMap().requireClasses(identity.numClasses(), checkpoint + " (the model)");
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < data.size(); i++) {
                    files.add(data.imageFile(i));
                }
                // the reader's sample size: ACDC and Dark Zurich keep their 16:9 frames (960x540)
                io.github.advent.segmentation.data.ImageSize input = data.sampleSize() == null || data.sampleSize().isNative()
                        ? new io.github.advent.segmentation.data.ImageSize(SegmentationPredictor.DEFAULT_WIDTH,
                                SegmentationPredictor.DEFAULT_HEIGHT)
                        : data.sampleSize();
                SegmentationPredictionFiles[] written = new SegmentationPredictionFiles[1];
                try (SegmentationTestTime stream = new SegmentationTestTime(checkpoint, on, input.width(), input.height(),
                        files, false,
                        (index, prediction) -> written[0].write(target.root().relativize(files.get(index).getParent()),
                                files.get(index).getFileName().toString(), prediction))) {
                    written[0] = new SegmentationPredictionFiles(out, stream.numClasses());
                    entropies = adapt(stream, config, manager);
                }
                images = files.size();
            }
        }
        writeEntropies(entropies);
        PrintWriter err = err();
        TestTimeRun.BatchEntropy first = entropies.get(0);
        TestTimeRun.BatchEntropy last = entropies.get(entropies.size() - 1);
        err.println(String.format(Locale.ROOT, "advent: adapted on %d image(s) in %d batch(es); mean prediction entropy"
                + " %.4f on the first batch, %.4f on the last (after their steps); predictions in %s%s", images,
                entropies.size(), first.after(), last.after(), out,
                saveCheckpoint ? "; adapted model in " + out.resolve(CHECKPOINT_FILE) : ""));
        err.flush();
        return ExitCodes.OK;
    }

    private List<TestTimeRun.BatchEntropy> adapt(TestTimeTarget stream, TestTimeAdapter.Config config, NDManager manager) {
        if (stream.size() == 0) {
            throw new BadInputException(target.root(), "no target images (" + target + ")");
        }
        List<TestTimeRun.BatchEntropy> entropies;
        try (TestTimeAdapter adapter = new TestTimeAdapter(stream.task(), config, manager);
                ProgressBar bar = new ProgressBar("adapt", stream.size(), 10)) {
            entropies = TestTimeRun.run(stream, adapter, batch, manager, bar);
        }
        if (saveCheckpoint) {
            stream.saveCheckpoint(out.resolve(CHECKPOINT_FILE), EvaluateOutput.commandLine(spec));
        }
        return entropies;
    }

    /** The target's options with split=val unless one was given (a test-time stream is held-out data). */
    private Map<String, String> targetOptions() {
        return new LinkedHashMap<>(target.optionsWithSplit(target.options().getOrDefault("split", "val")));
    }

    private void writeEntropies(List<TestTimeRun.BatchEntropy> entropies) {
        StringBuilder csv = new StringBuilder("batch,first_image,images,entropy_before,entropy_after\n");
        for (int b = 0; b < entropies.size(); b++) {
            TestTimeRun.BatchEntropy e = entropies.get(b);
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%s%n", b, e.firstImage(), e.images(),
                    Double.isNaN(e.before()) ? "" : Double.toString(e.before()), Double.toString(e.after())));
        }
        Path file = out.resolve(ENTROPY_FILE);
        try {
            AtomicFiles.write(file, temporary -> java.nio.file.Files.writeString(temporary, csv.toString()));
        } catch (java.io.IOException e) {
            throw new BadInputException(file, "cannot write: " + e.getMessage());
        }
    }
}
