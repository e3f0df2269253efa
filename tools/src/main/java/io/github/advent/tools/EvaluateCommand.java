package io.github.advent.tools;

import io.github.advent.tools.Choices.Metric;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "      --checkpoint runs/det/final.safetensors"})
public final class EvaluateCommand extends AdventCommand.Group {

    @Command(name = "segmentation",
            header = "mIoU of segmentation checkpoints, an ensemble of them, or saved predictions.",
            description = "Predictions are compared with the labels at their full resolution. With --checkpoint-dir"
                    + " every snapshot is scored and the best one reported, as in the paper.",
            footer = {
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --checkpoint runs/gta2cs-advent/snapshot-070000.safetensors",
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --checkpoint runs/advent/best.safetensors:0.5 --checkpoint runs/minent/best.safetensors:0.5",
                "  advent evaluate segmentation --dataset cityscapes=data/cityscapes \\",
                "      --checkpoint-dir runs/gta2cs-advent --wait --json --report reports/gta2cs-advent"})
    public static final class Segmentation extends AdventCommand {
        @Option(names = "--dataset", required = true, paramLabel = "KIND=ROOT[,key=value]",
                converter = DatasetSpec.Converter.class,
                description = "labelled data to score on, such as cityscapes=ROOT")
        DatasetSpec dataset;

        @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "val",
                description = "dataset split (default: ${DEFAULT-VALUE})")
        String split;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhat to score (exactly one):%n")
        What what;

        @Mixin
        CommonOptions.Reporting reporting;

        @Mixin
        CommonOptions.Device device;

        /** {@code --checkpoint PATH[:WEIGHT]... | --checkpoint-dir DIR [--wait] | --predictions DIR}. */
        static final class What {
            @Option(names = "--checkpoint", paramLabel = "PATH[:WEIGHT]", converter = WeightedCheckpoint.Converter.class,
                    description = "a checkpoint; repeat to score the ensemble of several, averaging their"
                            + " probabilities with the given weights (default weight 1)")
            List<WeightedCheckpoint> checkpoints;

            @ArgGroup(exclusive = false, multiplicity = "1")
            SnapshotDir snapshotDir;

            @Option(names = "--predictions", paramLabel = "DIR",
                    description = "label-id or train-id PNGs written by 'advent predict' or another tool")
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
            return PendingFeature.stop(spec);
        }
    }

    @Command(name = "detection",
            header = "Detection AP (VOC07 11-point by default) of a checkpoint or of saved detections.",
            description = {
                "Either --dataset with --checkpoint or --detections, or --ground-truth (COCO JSON) with --detections",
                "(COCO results JSON) for detections made by another tool."},
            footer = {
                "  advent evaluate detection --dataset foggy-cityscapes=data/cityscapes,beta=0.02 \\",
                "      --checkpoint runs/det/final.safetensors",
                "  advent evaluate detection --ground-truth gt.json --detections results.json --metric coco50 --json"})
    public static final class Detection extends AdventCommand {
        @Option(names = "--dataset", paramLabel = "KIND=ROOT[,key=value]", converter = DatasetSpec.Converter.class,
                description = "labelled data: cityscapes=ROOT or foggy-cityscapes=ROOT[,beta=0.02]")
        DatasetSpec dataset;

        @Option(names = "--checkpoint", paramLabel = "PATH", description = "an SSD-300 checkpoint to run on --dataset")
        Path checkpoint;

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

        @Override
        public Integer call() {
            if (groundTruth != null) {
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
                TrainCommand.requireKind(this, "--dataset", dataset,
                        EnumSet.of(DatasetKind.CITYSCAPES, DatasetKind.FOGGY_CITYSCAPES), "scored for detection");
                if (checkpoint != null && detections != null) {
                    throw usageError("--checkpoint and --detections are mutually exclusive (give only one)");
                }
                if (checkpoint == null && detections == null) {
                    throw usageError("--dataset needs --checkpoint or --detections");
                }
            }
            return PendingFeature.stop(spec);
        }
    }
}
