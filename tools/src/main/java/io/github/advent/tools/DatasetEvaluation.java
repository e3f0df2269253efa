package io.github.advent.tools;

import ai.djl.Device;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.DetectionDatasets;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.detection.ApMetric;
import io.github.advent.eval.detection.CocoJson;
import io.github.advent.eval.detection.CocoJsonWriter;
import io.github.advent.eval.detection.Detection;
import io.github.advent.eval.detection.DetectionEvaluator;
import io.github.advent.eval.detection.DetectionScores;
import io.github.advent.eval.io.Sha256;
import io.github.advent.eval.report.EvalReport;
import io.github.advent.eval.report.EvalReports;
import io.github.advent.eval.report.ResultProvenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code advent evaluate detection --dataset ... (--checkpoint | --detections)}: the dataset's boxes as ground
 * truth ({@link DatasetGroundTruth}), the detections of an SSD checkpoint run over its images or read from a
 * COCO results file, scored with one AP metric; the detections and the ground truth written as COCO JSON when
 * asked, so that the same numbers come out of {@code --ground-truth --detections} and pycocotools.
 */
final class DatasetEvaluation {
    /** Names of the files written into the report folder. */
    static final String DETECTIONS_FILE = "detections.json";
    static final String GROUND_TRUTH_FILE = "ground_truth.json";

    private final AdventCommand command;
    private final DatasetSpec dataset;
    private final String split;
    private final ApMetric metric;
    private final CommonOptions.Reporting reporting;

    DatasetEvaluation(AdventCommand command, DatasetSpec dataset, String split, ApMetric metric,
            CommonOptions.Reporting reporting) {
        this.command = command;
        this.dataset = dataset;
        this.split = split;
        this.metric = metric;
        this.reporting = reporting;
    }

    /** Scores {@code checkpoint} (run now) or the saved {@code detections}; {@code resultsFile} may be null. */
    int score(Path checkpoint, Path detections, Path resultsFile, Supplier<Device> device) {
        return score(checkpoint, detections, resultsFile, device, null, null);
    }

    /**
     * As {@link #score(Path, Path, Path, Supplier)}; with a {@code cluster} the checkpoint runs there
     * ({@link DetectionScoring}) on {@code deviceChoice}.
     */
    int score(Path checkpoint, Path detections, Path resultsFile, Supplier<Device> device,
            io.github.advent.tools.cluster.Cluster cluster, Choices.DeviceChoice deviceChoice) {
        DetectionDataset data = DetectionDatasets.open(dataset.kind().cliName(), dataset.root(),
                DetectionDatasets.withLabelled(dataset.kind().cliName(), dataset.optionsWithSplit(split), true));
        if (checkpoint != null) {
            requireDetectorFor(checkpoint, data); // before the ground truth is read: that takes a while
        }
        DatasetGroundTruth truth;
        try (ProgressBar bar = new ProgressBar("ground truth", data.size())) {
            truth = DatasetGroundTruth.of(data, bar);
        }
        List<ResultProvenance.Input> inputs = new ArrayList<>();
        inputs.add(ResultProvenance.Input.folder("dataset", dataset.root(), data.size(), data.describe()));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("dataset", dataset.toString());
        facts.put("split", split);
        facts.put("image_ids", "1 + position in the dataset (Cityscapes: frames sorted by city, sequence, frame)");
        List<Detection> found;
        Path results = null;
        if (checkpoint != null) {
            inputs.add(ResultProvenance.Input.file("checkpoint", checkpoint, Sha256.of(checkpoint), "SSD-300"));
            facts.put("checkpoint", EvaluateOutput.absolute(checkpoint));
            facts.put("inference", "300x300, NMS 0.45, confidence 0.01, 200 detections per image");
            if (cluster != null) {
                found = DetectionScoring.detect(cluster, checkpoint, deviceChoice, names(data), files(data));
                facts.put("cluster", cluster.describe());
            } else {
                found = detect(checkpoint, data, device.get());
            }
            results = resultsFile != null ? resultsFile
                    : reporting.report != null ? reporting.report.resolve(DETECTIONS_FILE) : null;
            if (results != null) {
                CocoJsonWriter.writeResults(results, found);
                facts.put("detections_file", EvaluateOutput.absolute(results));
            }
        } else {
            found = CocoJson.readDetections(detections, truth.truth(), null);
            inputs.add(ResultProvenance.Input.file("detections", detections, Sha256.of(detections), "COCO results JSON"));
            facts.put("detections_file", EvaluateOutput.absolute(detections));
        }
        Path truthFile = reporting.report != null ? reporting.report.resolve(GROUND_TRUTH_FILE)
                : results != null ? results.resolveSibling(stem(results) + "_ground_truth.json") : null;
        if (truthFile != null) {
            truth.write(truthFile);
            facts.put("ground_truth_file", EvaluateOutput.absolute(truthFile));
        }
        DetectionScores scores = DetectionEvaluator.evaluate(truth.truth(), found, metric, null);
        String title = (EvaluateCommand.readsLabelsThroughItsReader(dataset.kind()) ? dataset.kind() + " " + split
                : EvaluateCommand.Segmentation.title(dataset.kind(), split))
                + (dataset.kind().equals(DatasetKind.FOGGY_CITYSCAPES) ? " (beta " + dataset.option("beta") + ")" : "")
                + ", " + (checkpoint != null ? checkpoint.getFileName() : detections.getFileName()) + " (" + metric + ")";
        EvalReport report = EvalReports.detection(scores, title, facts,
                ResultProvenance.now(EvaluateOutput.commandLine(command.spec), inputs));
        EvaluateOutput.emit(report, reporting, command.out());
        if (results != null) {
            PrintWriter err = command.err();
            err.println("advent: detections in " + results + " (COCO results), ground truth in " + truthFile
                    + " (COCO); --ground-truth/--detections on them gives the same AP");
            err.flush();
        }
        return ExitCodes.OK;
    }

    /** Every image's detections, in pixels, in image order. */
    private static List<Detection> detect(Path checkpoint, DetectionDataset data, Device device) {
        List<Detection> found = new ArrayList<>();
        try (SsdImageDetector detector = new SsdImageDetector(checkpoint, device)) {
            try (ProgressBar bar = new ProgressBar("detect", data.size(), 10)) {
                detector.run(new DetectionImages(names(data), files(data)), bar, (index, sample, detections) -> {
                    for (io.github.advent.detection.box.Detection d : detections) {
                        found.add(SsdImageDetector.toPixels(d, DatasetGroundTruth.imageId(index), sample.originalWidth(),
                                sample.originalHeight(), found.size()));
                    }
                });
            }
        }
        return found;
    }

    private static List<String> names(DetectionDataset data) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            names.add(data.name(i));
        }
        return names;
    }

    private static List<Path> files(DetectionDataset data) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            files.add(data.imageFile(i));
        }
        return files;
    }

    /** Bad input unless {@code checkpoint} is an SSD predicting {@code data}'s classes plus the background. */
    static void requireDetectorFor(Path checkpoint, DetectionDataset data) {
        ModelIdentity identity = Checkpoints.identity(checkpoint);
        if (!SsdConfig.isSsd(identity.architecture())) {
            throw new BadInputException(checkpoint, "is a checkpoint of " + identity + ", not an SSD detector");
        }
        if (identity.numClasses() != data.classes().size() + 1) {
            throw new BadInputException(checkpoint, "predicts " + (identity.numClasses() - 1)
                    + " classes plus the background; " + data.kind() + " has " + data.classes().size() + " ("
                    + data.classes() + ")");
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
