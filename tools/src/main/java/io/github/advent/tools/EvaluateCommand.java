package io.github.advent.tools;

import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.entropy.data.DatasetContent;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.eval.detection.ApMetric;
import io.github.advent.eval.detection.CocoJson;
import io.github.advent.eval.detection.DetectionEvaluator;
import io.github.advent.eval.detection.DetectionGroundTruth;
import io.github.advent.eval.detection.DetectionScores;
import io.github.advent.eval.io.Sha256;
import io.github.advent.eval.report.EvalReport;
import io.github.advent.eval.report.EvalReports;
import io.github.advent.eval.report.ResultProvenance;
import io.github.advent.eval.segmentation.CityscapesGroundTruth;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.eval.segmentation.LabelledImage;
import io.github.advent.eval.segmentation.PredictionFolder;
import io.github.advent.eval.segmentation.SegmentationEvaluator;
import io.github.advent.eval.segmentation.SegmentationScores;
import io.github.advent.eval.sweep.CheckpointSweep;
import io.github.advent.eval.sweep.Snapshot;
import io.github.advent.eval.sweep.SnapshotFolder;
import io.github.advent.eval.sweep.SnapshotScorer;
import io.github.advent.eval.sweep.SweepCache;
import io.github.advent.eval.sweep.SweepPoint;
import io.github.advent.eval.sweep.SweepResult;
import io.github.advent.eval.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationEnsemble;
import io.github.advent.segmentation.data.AcdcDataset;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import io.github.advent.tools.Choices.Metric;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.OptionalLong;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code advent evaluate segmentation|detection}. */
@Command(name = "evaluate",
        header = "Score checkpoints or saved predictions (mIoU, detection AP).",
        description = "Prints a table, or JSON with --json; --report also writes JSON, CSV, Markdown and HTML"
                + " files. Every result names its protocol and carries provenance.",
        subcommands = {EvaluateCommand.Segmentation.class, EvaluateCommand.Detection.class},
        commandListHeading = "%nCommands:%n",
        footer = {
            "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
            "      --checkpoint-dir runs/gta2cs-advent",
            "  advent evaluate detection --dataset foggy-cityscapes=data/cityscapes,beta=0.02 \\",
            "      --checkpoint runs/det/snapshots/iter_120000.safetensors"})
public final class EvaluateCommand extends AdventCommand.Group {

    @Command(name = "segmentation",
            header = "mIoU of segmentation checkpoints, an ensemble of them, or saved predictions.",
            description = {
                "Predictions are compared with the labels (gtFine/{split}/{city}/*_gtFine_labelIds.png, mapped to",
                "train ids) at the labels' full resolution; mIoU matches the Cityscapes scripts and ADVENT's",
                "compute_mIoU. The class set belongs to the benchmark: 19 classes for GTA5 -> Cityscapes, and for",
                "SYNTHIA -> Cityscapes (--classes 16) the 16-class mIoU and the 13-class mIoU* together. With",
                "--checkpoint-dir every snapshot is scored and the best one reported, as in the paper.",
                "ACDC (gt/{condition}/{split}/{sequence}/*_gt_labelTrainIds.png) and Dark Zurich",
                "(gt/val/night/{sequence}/*_gt_labelTrainIds.png) are scored on the 19 Cityscapes classes; where only",
                "*_gt_labelIds.png are present they are mapped as Cityscapes' labels are. A labelled folder",
                "(folder=ROOT,labels=FILE) is scored on the classes its label map names, with their names and count."},
            footer = {
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --predictions out/val-predictions --json",
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes --classes 16 \\",
                "      --predictions out/synthia-predictions --report reports/synthia",
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --checkpoint runs/gta2cs-advent/snapshots/iter_070000.safetensors",
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --checkpoint runs/advent/best.safetensors:0.5 --checkpoint runs/minent/best.safetensors:0.5",
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --checkpoint-dir runs/gta2cs-advent --wait --json --report reports/gta2cs-advent",
                "  advent evaluate segmentation --dataset acdc=data/acdc,condition=fog,split=val \\",
                "      --checkpoint-dir runs/cs2acdc-fog-advent",
                "  advent evaluate segmentation --dataset dark-zurich=data/dark_zurich \\",
                "      --predictions out/dz-val-predictions"})
    public static final class Segmentation extends AdventCommand {
        @Option(names = "--dataset", required = true, paramLabel = "KIND=ROOT[,key=value]",
                converter = DatasetSpec.Converter.class,
                description = "labelled data to score on: cityscapes=ROOT, foggy-cityscapes=ROOT[,beta=0.02],"
                        + " acdc=ROOT[,condition=fog|night|rain|snow|all], dark-zurich=ROOT (its night val set) or"
                        + " folder=ROOT[,labels=FILE] (its own classes); split=S"
                        + " here is --split")
        DatasetSpec dataset;

        @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "val",
                description = "dataset split (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--classes", paramLabel = "19|16|13", defaultValue = "19", converter = ClassSetConverter.class,
                description = "class set of the benchmark: 19 (GTA5 -> Cityscapes, the default) or 16 / 13"
                        + " (SYNTHIA -> Cityscapes: predictions hold SYNTHIA's 16 train ids; mIoU over 16 and"
                        + " mIoU* over 13 are reported together)")
        ClassSet classes;

        @Option(names = "--threads", paramLabel = "N",
                description = "threads decoding and counting images (default: one per core)")
        Integer threads;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhat to score (exactly one):%n")
        What what;

        /** ACDC or Dark Zurich, opened once. */
        private SegmentationDataset readerData;

        @Mixin
        CommonOptions.Reporting reporting;

        @Mixin
        CommonOptions.Device device;

        @Mixin
        CommonOptions.Spark spark;

        /** {@code --checkpoint PATH[:WEIGHT]... | --checkpoint-dir DIR [--wait] | --predictions DIR}. */
        static final class What {
            @Option(names = "--checkpoint", paramLabel = "PATH[:WEIGHT]", converter = WeightedCheckpoint.Converter.class,
                    description = "a checkpoint; repeat to score the ensemble of several, averaging their"
                            + " probabilities with the given weights (default weight 1)")
            List<WeightedCheckpoint> checkpoints;

            @ArgGroup(exclusive = false, multiplicity = "1")
            SnapshotDir snapshotDir;

            @Option(names = "--predictions", paramLabel = "DIR",
                    description = "saved single-channel train-id PNGs named after the images,"
                            + " <city>_<seq>_<frame>_leftImg8bit.png (ACDC, Dark Zurich: <seq>_frame_<n>_rgb_anon.png),"
                            + " in DIR or its sub-folders")
            Path predictions;
        }

        /** {@code --checkpoint-dir DIR [--wait]}. */
        static final class SnapshotDir {
            @Option(names = "--checkpoint-dir", required = true, paramLabel = "DIR",
                    description = "every snapshot of a run folder, reporting each and the best")
            Path dir;

            @Option(names = "--wait", description = "with --checkpoint-dir: keep watching for new snapshots until"
                    + " the run ends")
            boolean waitForSnapshots;
        }

        @Override
        public Integer call() {
            if (split.isBlank()) {
                throw usageError("--split must not be empty");
            }
            if (threads != null) {
                requireAtLeast("--threads", threads, 1);
            }
            TrainCommand.requireRole(this, "--dataset", dataset, SegmentationDataset.class,
                    DatasetContent.SEGMENTATION_LABELS, "scored for segmentation");
            String given = dataset.options().get("split");
            if (given != null && spec.commandLine().getParseResult().hasMatchedOption("--split") && !given.equals(split)) {
                throw usageError("--split " + split + " contradicts --dataset's split=" + given);
            }
            if (given != null) {
                split = given;
            }
            if (what.checkpoints != null) {
                return scoreCheckpoints();
            }
            if (what.snapshotDir != null) {
                return sweepSnapshots();
            }
            return scorePredictions();
        }

        /**
         * The labelled images of the split. Cityscapes and Foggy Cityscapes are found as the Cityscapes scripts
         * find them; every other kind (ACDC, Dark Zurich, a registered one) through its dataset reader, whose
         * label files hold train ids or label ids ({@link #labelLookup}).
         */
        private List<LabelledImage> groundTruth() {
            if (!readsLabelsThroughItsReader(dataset.kind())) {
                return CityscapesGroundTruth.find(dataset.root(), split);
            }
            SegmentationDataset data = readerDataset();
            List<LabelledImage> images = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                Path label = data.labelFile(i);
                images.add(new LabelledImage(data.name(i), label.getParent().getFileName().toString(), label, data.imageFile(i)));
            }
            return images;
        }

        private SegmentationDataset readerDataset() {
            if (readerData != null) {
                return readerData;
            }
            Map<String, String> options = dataset.optionsWithSplit(split);
            options.put("labelled", "true");
            readerData = SegmentationDatasets.open(dataset.kind().cliName(), dataset.root(), options);
            return readerData;
        }

        /** Label value -> train id of {@code set}: the Cityscapes label-id table, or the dataset's own label map. */
        private int[] labelLookup(ClassSet set) {
            return readsLabelsThroughItsReader(dataset.kind()) ? datasetClasses().lookup() : set.labelIdToTrainId();
        }

        /** A reader-read dataset's classes; --classes, when given, must name the same set. */
        private DatasetClasses datasetClasses() {
            DatasetClasses own = DatasetClasses.of(readerDataset());
            if (spec.commandLine().getParseResult().hasMatchedOption("--classes") && !classes.equals(own.set())) {
                throw usageError(own.set() == ClassSet.CITYSCAPES_19
                        ? dataset.kind() + " is scored on the 19 Cityscapes classes, not " + classes.size()
                        : dataset + " is scored on its own " + own.set().describe() + ", not on --classes " + classes.size());
            }
            return own;
        }

        /** The class set of saved predictions: the dataset's own for reader-read kinds, else --classes. */
        private ClassSet predictionClasses() {
            return readsLabelsThroughItsReader(dataset.kind()) ? datasetClasses().set() : classes;
        }

        /** How the labels were found, for provenance. */
        private String labelsDescription() {
            DatasetKind kind = dataset.kind();
            if (kind.equals(DatasetKind.ACDC) || kind.equals(DatasetKind.DARK_ZURICH)) {
                return "*" + "_gt_labelTrainIds.png or *_gt_labelIds.png";
            }
            return readsLabelsThroughItsReader(kind) ? "the label files of the " + kind + " reader"
                    : "*" + CityscapesGroundTruth.LABEL_SUFFIX;
        }

        /**
         * The class set: a reader-read dataset's own; else as given, or the one the checkpoint's class count implies
         * (19, or SYNTHIA's 16).
         */
        private ClassSet classSetFor(int modelClasses, Path checkpoint) {
            if (readsLabelsThroughItsReader(dataset.kind())) {
                DatasetClasses own = datasetClasses();
                own.requireModel(modelClasses, checkpoint);
                return own.set();
            }
            boolean given = spec.commandLine().getParseResult().hasMatchedOption("--classes");
            ClassSet set = given ? classes : modelClasses == 16 ? ClassSet.SYNTHIA_16 : ClassSet.CITYSCAPES_19;
            if (set.size() != modelClasses) {
                throw new BadInputException(checkpoint, "predicts " + modelClasses + " classes; the " + set.size()
                        + "-class set needs a " + set.size() + "-class model");
            }
            return set;
        }

        private SegmentationEnsemble ensemble(List<SegmentationEnsemble.Member> members) {
            ImageSize input = inputSize();
            return new SegmentationEnsemble(members, Devices.resolve(device.device), input.width(), input.height());
        }

        /**
         * The network's input size: a reader-read dataset's sample size (ACDC and Dark Zurich keep their 16:9 frames,
         * 1920x1080 -> 960x540, as their benchmarks evaluate; size=WxH chooses another), else ADVENT's 1024x512.
         */
        private ImageSize inputSize() {
            if (readsLabelsThroughItsReader(dataset.kind())) {
                io.github.advent.segmentation.data.ImageSize own = readerDataset().sampleSize();
                if (own != null && !own.isNative()) {
                    return new ImageSize(own.width(), own.height());
                }
            }
            return new ImageSize(io.github.advent.segmentation.SegmentationPredictor.DEFAULT_WIDTH,
                    io.github.advent.segmentation.SegmentationPredictor.DEFAULT_HEIGHT);
        }

        /** How a checkpoint is scored, for reports and the sweep cache's key. */
        private String protocol() {
            ImageSize input = inputSize();
            return "input " + input.width() + "x" + input.height() + PROTOCOL_AFTER_INPUT;
        }

        private SegmentationScores score(List<LabelledImage> images, SegmentationPredictor predictor, ClassSet set,
                int threads, String label) {
            SegmentationEvaluator.Options options = SegmentationEvaluator.Options.withThreads(threads);
            int[] lookup = labelLookup(set);
            try (ProgressBar bar = new ProgressBar(label, images.size())) {
                return SegmentationScores.of(set, SegmentationEvaluator.accumulate(images, predictor, set.size(), lookup, options,
                        bar::set), images.size());
            }
        }

        /** {@code --checkpoint A[:w] ...}: ADVENT's protocol on one checkpoint or a weighted ensemble. */
        private int scoreCheckpoints() {
            List<LabelledImage> images = groundTruth();
            List<SegmentationEnsemble.Member> members = what.checkpoints.stream()
                    .map(c -> new SegmentationEnsemble.Member(c.path(), c.weight())).toList();
            SegmentationScores scores;
            ClassSet set;
            List<ResultProvenance.Input> inputs = new ArrayList<>();
            inputs.add(ResultProvenance.Input.folder("dataset", dataset.root(), images.size(),
                    dataset.kind() + ", split " + split + ", " + labelsDescription()));
            for (WeightedCheckpoint c : what.checkpoints) {
                inputs.add(ResultProvenance.Input.file("checkpoint", c.path(), Sha256.of(c.path()), "weight " + c.weight()));
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            try (io.github.advent.tools.cluster.Cluster cluster = spark.open()) {
                if (cluster != null) {
                    set = classSetFor(Checkpoints.identity(what.checkpoints.get(0).path()).numClasses(),
                            what.checkpoints.get(0).path());
                    scores = SegmentationScores.of(set, SegmentationScoring.accumulate(cluster, images,
                            SegmentationScoring.Source.checkpoints(members, device.device, inputSize()), set.size(), labelLookup(set)),
                            images.size());
                    facts.put("cluster", cluster.describe());
                } else {
                    try (EnsemblePredictor predictor = new EnsemblePredictor(ensemble(members))) {
                        set = classSetFor(predictor.numClasses(), what.checkpoints.get(0).path());
                        scores = score(images, predictor, set, 1, "evaluate"); // one model on the device at a time
                    }
                }
            }
            facts.put("dataset", dataset.toString());
            facts.put("split", split);
            facts.put("protocol", protocol());
            facts.put("checkpoints", what.checkpoints.stream().map(WeightedCheckpoint::toString).toList());
            EvalReport report = EvalReports.segmentation(scores, title(),
                    facts, ResultProvenance.now(EvaluateOutput.commandLine(spec), inputs));
            EvaluateOutput.emit(report, reporting, out());
            return ExitCodes.OK;
        }

        /** {@code --checkpoint-dir DIR [--wait]}: every snapshot, cached, the best and the curve (ADVENT's "best" mode). */
        private int sweepSnapshots() {
            List<LabelledImage> images = groundTruth();
            Path folder = SnapshotFolder.resolve(what.snapshotDir.dir);
            List<Snapshot> present = SnapshotFolder.list(folder);
            if (present.isEmpty() && !what.snapshotDir.waitForSnapshots) {
                throw new BadInputException(folder, "no iter_*.safetensors snapshots here");
            }
            int modelClasses = present.isEmpty() ? predictionClasses().size()
                    : Checkpoints.identity(present.get(0).file()).numClasses();
            ClassSet set = classSetFor(modelClasses, present.isEmpty() ? folder : present.get(0).file());
            String key = String.join("|", dataset.root().toAbsolutePath().normalize().toString(), split, set.name(), protocol())
                    + (readsLabelsThroughItsReader(dataset.kind()) ? "|" + dataset : ""); // ACDC: the condition is part of what is scored
            SweepCache cache = SweepCache.open(folder.resolve(SweepCache.FILE_NAME), key);
            OptionalLong last = TrainingRun.plannedIterations(folder.getParent() == null ? folder : folder.getParent());
            CheckpointSweep.Options options = what.snapshotDir.waitForSnapshots
                    ? new CheckpointSweep.Options(true, last, Duration.ofSeconds(30), Duration.ofHours(2))
                    : CheckpointSweep.Options.once();
            PrintWriter err = spec.commandLine().getErr();
            SweepResult result;
            io.github.advent.tools.cluster.Cluster cluster = spark.open();
            String clusterName = cluster == null ? null : cluster.describe();
            try {
                SnapshotScorer scorer = cluster == null ? snapshot -> {
                    try (EnsemblePredictor predictor = new EnsemblePredictor(
                            ensemble(List.of(new SegmentationEnsemble.Member(snapshot.file(), 1))))) {
                        return score(images, predictor, set, 1, "iter " + snapshot.iteration());
                    }
                } : new SparkSweep(cluster, images, present, cache, set, labelLookup(set), device.device, inputSize());
                result = CheckpointSweep.run(folder, set, scorer, cache, options, new CheckpointSweep.Listener() {
                    @Override
                    public void scored(SweepPoint point, boolean newBest) {
                        err.printf(java.util.Locale.ROOT, "advent: iteration %d: %s %.2f%s%s%n", point.snapshot().iteration(),
                                point.scores().means().get(0).name(), 100 * point.scores().means().get(0).value(),
                                point.cached() ? " (cached)" : "", newBest ? "  best so far" : "");
                        err.flush();
                    }
                }, CheckpointSweep.Sleeper.REAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BadInputException(folder, "interrupted while waiting for snapshots");
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
            }
            if (result.points().isEmpty()) {
                throw new BadInputException(folder, "no snapshot appeared while waiting");
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("dataset", dataset.toString());
            facts.put("split", split);
            facts.put("protocol", protocol());
            facts.put("snapshots", EvaluateOutput.absolute(folder));
            facts.put("best_snapshot", result.best().snapshot().file().toString());
            if (clusterName != null) {
                facts.put("cluster", clusterName);
            }
            ResultProvenance provenance = ResultProvenance.now(EvaluateOutput.commandLine(spec), List.of(
                    ResultProvenance.Input.folder("dataset", dataset.root(), images.size(),
                            dataset.kind() + ", split " + split),
                    ResultProvenance.Input.file("best checkpoint", result.best().snapshot().file(),
                            result.best().sha256(), "iteration " + result.best().snapshot().iteration())));
            EvalReport report = EvalReports.segmentation(result.best().scores(), title()
                    + ", best of " + result.points().size() + " snapshots", facts, provenance)
                    .withSweep(CheckpointSweep.toReport(result, set));
            EvaluateOutput.emit(report, reporting, out());
            return ExitCodes.OK;
        }

        /** ADVENT's evaluation protocol, part of the sweep cache key. */
        private static final String PROTOCOL_AFTER_INPUT = ", main logits upsampled align-corners to the label size, argmax";

        /**
         * Whether saved predictions are named by the image's stem, as {@code predict} writes them: for every kind but
         * those whose benchmarks fix the names (Cityscapes, Foggy Cityscapes, ACDC, Dark Zurich).
         */
        private boolean predictionsNamedByStem() {
            DatasetKind kind = dataset.kind();
            return readsLabelsThroughItsReader(kind) && !kind.equals(DatasetKind.ACDC) && !kind.equals(DatasetKind.DARK_ZURICH);
        }

        /** {@code --predictions DIR}: saved train-id PNGs against the dataset's labels. */
        private int scorePredictions() {
            List<LabelledImage> images = groundTruth();
            boolean byStem = predictionsNamedByStem();
            PredictionFolder folder = byStem ? PredictionFolder.indexByStem(what.predictions)
                    : PredictionFolder.index(what.predictions);
            folder.checkPairs(images);
            Map<String, Object> facts = new LinkedHashMap<>();
            SegmentationScores scores;
            ClassSet set = predictionClasses();
            try (io.github.advent.tools.cluster.Cluster cluster = spark.open()) {
                if (cluster != null) {
                    scores = SegmentationScores.of(set, SegmentationScoring.accumulate(cluster, images,
                            SegmentationScoring.Source.predictions(what.predictions, byStem), set.size(), labelLookup(set)),
                            images.size());
                    facts.put("cluster", cluster.describe());
                } else {
                    scores = score(images, folder, set,
                            threads != null ? threads : Runtime.getRuntime().availableProcessors(), "evaluate");
                }
            }
            facts.put("dataset", dataset.toString());
            facts.put("split", split);
            facts.put("predictions", EvaluateOutput.absolute(what.predictions));
            ResultProvenance provenance = ResultProvenance.now(EvaluateOutput.commandLine(spec), List.of(
                    ResultProvenance.Input.folder("dataset", dataset.root(), images.size(),
                            dataset.kind() + ", split " + split + ", " + labelsDescription()),
                    ResultProvenance.Input.folder("predictions", what.predictions, folder.size(),
                            "train-id PNGs, " + set.size() + "-class set")));
            EvalReport report = EvalReports.segmentation(scores, title(), facts, provenance);
            EvaluateOutput.emit(report, reporting, out());
            return ExitCodes.OK;
        }

        static String title(DatasetKind kind, String split) {
            return (kind.equals(DatasetKind.FOGGY_CITYSCAPES) ? "Foggy Cityscapes " : "Cityscapes ") + split;
        }

        private String title() {
            DatasetKind kind = dataset.kind();
            if (kind.equals(DatasetKind.ACDC)) {
                return "ACDC " + (dataset.option("condition") == null ? AcdcDataset.ALL_CONDITIONS : dataset.option("condition"))
                        + " " + split;
            }
            if (kind.equals(DatasetKind.DARK_ZURICH)) {
                return "Dark Zurich " + split;
            }
            return readsLabelsThroughItsReader(kind) ? kind.cliName() + " " + split : title(kind, split);
        }
    }

    /** Datasets whose labels segmentation is scored on (Foggy Cityscapes shares Cityscapes' labels). */
    /**
     * Cityscapes and Foggy Cityscapes are scored from their gtFine files as the official scripts read them; every
     * other kind (ACDC, Dark Zurich, a registered one) through its segmentation reader's labels.
     */
    static boolean readsLabelsThroughItsReader(DatasetKind kind) {
        return !kind.equals(DatasetKind.CITYSCAPES) && !kind.equals(DatasetKind.FOGGY_CITYSCAPES);
    }

    /** {@code --classes}: a bad value is a usage error listing the known ones. */
    public static final class ClassSetConverter implements ITypeConverter<ClassSet> {
        @Override
        public ClassSet convert(String value) {
            return Choices.convert(ClassSet::parse, value);
        }
    }

    @Command(name = "detection",
            header = "Detection AP (VOC07 11-point by default) of a checkpoint or of saved detections.",
            description = {
                "Either --dataset with --checkpoint or --detections, or --ground-truth (COCO JSON) with --detections"
                + " (COCO results JSON) for detections made by another tool. Every number says its metric: voc07"
                + " (PASCAL VOC07 11-point AP at IoU > 0.5, what the Cityscapes -> Foggy Cityscapes papers report),"
                + " voc (all-point) or coco50 (pycocotools' AP50).",
                "With --dataset, the ground truth is the dataset's boxes (cityscapes / foggy-cityscapes: gtFine"
                + " instanceIds of --split; crowd boxes are 'difficult', neither found nor missed). Image ids are 1 +"
                + " the frame's position in the split, frames sorted by name (city, sequence, frame). --checkpoint"
                + " runs SSD-300 on every image (300x300, NMS 0.45, confidence 0.01, 200 per image) and, with"
                + " --results FILE or --report DIR, writes the detections as COCO results JSON (bbox [x, y, w, h] in"
                + " the image's pixels) and the ground truth as COCO JSON (DIR/ground_truth.json, else FILE's name"
                + " with _ground_truth), so that '--ground-truth GT --detections FILE' or pycocotools score them"
                + " again."},
            footer = {
                "  advent evaluate detection --dataset foggy-cityscapes=data/cityscapes,beta=0.02 \\",
                "      --checkpoint runs/det/snapshots/iter_120000.safetensors --report reports/det",
                "  advent evaluate detection --dataset foggy-cityscapes=data/cityscapes --split val \\",
                "      --checkpoint runs/det/snapshots/iter_120000.safetensors --results out/val.json --json",
                "  advent evaluate detection --dataset foggy-cityscapes=data/cityscapes --detections out/val.json",
                "  advent evaluate detection --ground-truth gt.json --detections results.json --metric coco50 --json",
                "  advent evaluate detection --ground-truth gt.json --detections results.json --report reports/det"})
    public static final class Detection extends AdventCommand {
        @Option(names = "--dataset", paramLabel = "KIND=ROOT[,key=value]", converter = DatasetSpec.Converter.class,
                description = "labelled data: cityscapes=ROOT or foggy-cityscapes=ROOT[,beta=0.02]")
        DatasetSpec dataset;

        @Option(names = "--split", paramLabel = "SPLIT",
                description = "dataset split (default: val, or the dataset's own split=)")
        String split;

        @Option(names = "--checkpoint", paramLabel = "PATH", description = "an SSD-300 checkpoint to run on --dataset")
        Path checkpoint;

        @Option(names = "--results", paramLabel = "FILE",
                description = "with --checkpoint: write its detections here as COCO results JSON (default with"
                        + " --report: DIR/detections.json)")
        Path results;

        @Option(names = "--detections", paramLabel = "FILE",
                description = "saved detections (COCO results JSON) instead of a checkpoint")
        Path detections;

        @Option(names = "--ground-truth", paramLabel = "FILE",
                description = "ground truth as COCO JSON instead of --dataset (needs --detections)")
        Path groundTruth;

        @Option(names = "--metric", paramLabel = "voc07|voc|coco50", defaultValue = "voc07",
                converter = Choices.MetricConverter.class,
                description = "AP protocol: VOC07 11-point, VOC all-point or COCO AP50 (default: ${DEFAULT-VALUE})")
        Metric metric;

        @Mixin
        CommonOptions.Reporting reporting;

        @Mixin
        CommonOptions.Device device;

        @Mixin
        CommonOptions.Spark spark;

        @Override
        public Integer call() {
            if (spark.master != null && checkpoint == null) {
                throw usageError("--spark runs a --checkpoint over the dataset's images; scoring saved detections"
                        + " needs no cluster");
            }
            if (results != null && checkpoint == null) {
                throw usageError("--results writes the detections of a --checkpoint; saved --detections are a file already");
            }
            if (groundTruth != null) {
                if (split != null) {
                    throw usageError("--split chooses the images of a --dataset; --ground-truth lists its own");
                }
                if (dataset != null) {
                    throw usageError("--ground-truth and --dataset are mutually exclusive (give only one)");
                }
                if (checkpoint != null) {
                    throw usageError("--ground-truth scores saved --detections, not a --checkpoint");
                }
                if (detections == null) {
                    throw usageError("--ground-truth needs --detections");
                }
            } else {
                if (dataset == null) {
                    throw usageError("missing required option '--dataset' (or '--ground-truth' with '--detections')");
                }
                TrainCommand.requireRole(this, "--dataset", dataset, DetectionDataset.class, DatasetContent.BOXES,
                        "scored for detection");
                if (checkpoint != null && detections != null) {
                    throw usageError("--checkpoint and --detections are mutually exclusive (give only one)");
                }
                if (checkpoint == null && detections == null) {
                    throw usageError("--dataset needs --checkpoint or --detections");
                }
                TrainCommand.Detection.requireDetectionOptions(this, "--dataset", dataset);
                String given = dataset.options().get("split");
                if (given != null && split != null && !given.equals(split)) {
                    throw usageError("--split " + split + " contradicts --dataset's split=" + given);
                }
                try (io.github.advent.tools.cluster.Cluster cluster = spark.open()) {
                    return new DatasetEvaluation(this, dataset, split != null ? split : given != null ? given : "val",
                            ApMetric.parse(metric.cliName()), reporting).score(checkpoint, detections, results,
                            () -> Devices.resolve(device.device), cluster, device.device);
                }
            }
            return scoreCocoFiles();
        }

        /** {@code --ground-truth coco.json --detections results.json}. */
        private int scoreCocoFiles() {
            ApMetric apMetric = ApMetric.parse(metric.cliName());
            DetectionGroundTruth truth = CocoJson.readGroundTruth(groundTruth);
            List<io.github.advent.eval.detection.Detection> dets = CocoJson.readDetections(detections, truth, groundTruth);
            DetectionScores scores = DetectionEvaluator.evaluate(truth, dets, apMetric, groundTruth);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("ground_truth", EvaluateOutput.absolute(groundTruth));
            facts.put("detections_file", EvaluateOutput.absolute(detections));
            ResultProvenance provenance = ResultProvenance.now(EvaluateOutput.commandLine(spec), List.of(
                    ResultProvenance.Input.file("ground-truth", groundTruth, Sha256.of(groundTruth), "COCO JSON"),
                    ResultProvenance.Input.file("detections", detections, Sha256.of(detections),
                            "COCO results JSON")));
            EvalReport report = EvalReports.detection(scores, "Detections " + detections.getFileName() + " on "
                    + groundTruth.getFileName() + " (" + apMetric.cliName() + ")", facts, provenance);
            EvaluateOutput.emit(report, reporting, out());
            return ExitCodes.OK;
        }
    }
}
