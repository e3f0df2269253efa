package io.github.advent.tools;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.segmentation.SegmentationTraining;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advent train segmentation|detection}. */
@Command(name = "train",
        header = "Train a source-only, MinEnt or AdvEnt model.",
        description = "Learns from labelled source images and unlabelled target images; writes its config, log and"
                + " snapshots into the run folder, from which --resume continues.",
        subcommands = {TrainCommand.Segmentation.class, TrainCommand.Detection.class},
        commandListHeading = "%nCommands:%n",
        footer = {
            "  advent train segmentation --method advent --source gta5=data/gta5 \\",
            "      --target cityscapes=data/cityscapes --out runs/gta2cs-advent",
            "  advent train detection --method advent --source cityscapes=data/cityscapes \\",
            "      --target foggy-cityscapes=data/cityscapes,beta=0.02 --out runs/cs2foggy-advent"})
public final class TrainCommand extends AdventCommand.Group {

    /** Throws a usage error unless {@code spec}'s kind is one of {@code allowed}. */
    static void requireKind(AdventCommand command, String option, DatasetSpec spec, Set<DatasetKind> allowed,
            String role) {
        if (!allowed.contains(spec.kind())) {
            throw command.usageError(option + ": '" + spec.kind() + "' cannot be " + role + "; use "
                    + allowed.stream().map(DatasetKind::cliName).collect(Collectors.joining(", ")));
        }
    }

    @Command(name = "segmentation",
            header = "Train DeepLab-V2 for semantic segmentation (GTA5/SYNTHIA -> Cityscapes).",
            description = "DeepLab-V2 (ResNet-101) with the paper's settings: SGD at 2.5e-4 with a poly schedule,"
                    + " one source and one target image per iteration, discriminators on both heads for AdvEnt.",
            footer = {
                "  advent train segmentation --method advent --source gta5=data/gta5 \\",
                "      --target cityscapes=data/cityscapes --init resnet101-imagenet.pth --out runs/gta2cs-advent",
                "  advent train segmentation --method minent --entropy-ranking 0.3 --source gta5=data/gta5 \\",
                "      --target cityscapes=data/cityscapes --out runs/gta2cs-minent-er",
                "  advent train segmentation --method advent --out runs/gta2cs-advent --resume \\",
                "      --source gta5=data/gta5 --target cityscapes=data/cityscapes"})
    public static final class Segmentation extends AdventCommand {
        static final Set<DatasetKind> SOURCES = EnumSet.of(DatasetKind.GTA5, DatasetKind.SYNTHIA, DatasetKind.FOLDER);
        static final Set<DatasetKind> TARGETS = EnumSet.of(DatasetKind.CITYSCAPES, DatasetKind.FOGGY_CITYSCAPES);

        @Option(names = "--method", required = true, paramLabel = "METHOD", converter = Choices.MethodConverter.class,
                description = "source-only, minent or advent")
        Method method;

        @Option(names = "--entropy-ranking", paramLabel = "R",
                description = "MinEnt+ER: the entropy loss only on the fraction R in (0, 1] of highest-entropy"
                        + " target pixels (paper: 0.3); off unless given")
        Double entropyRanking;

        @Option(names = "--class-prior", paramLabel = "MU",
                description = "MinEnt+CP: class-ratio prior with weight MU on the source class histogram"
                        + " (paper: 0.5, for SYNTHIA); off unless given")
        Double classPrior;

        @Option(names = "--source", required = true, paramLabel = "KIND=ROOT[,key=value]",
                converter = DatasetSpec.Converter.class,
                description = "labelled source data: gta5=ROOT, synthia=ROOT or folder=ROOT[,labels=FILE]")
        DatasetSpec source;

        @Option(names = "--target", required = true, paramLabel = "KIND=ROOT[,key=value]",
                converter = DatasetSpec.Converter.class,
                description = "unlabelled target data: cityscapes=ROOT or foggy-cityscapes=ROOT[,beta=0.02]")
        DatasetSpec target;

        @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "deeplabv2-resnet101",
                description = "deeplabv2-resnet101 (the paper), deeplabv2-resnet50, or a small variant such as"
                        + " deeplabv2-resnet26-w16 for quick runs (default: ${DEFAULT-VALUE})")
        String architecture;

        @Mixin
        CommonOptions.Training training;

        @Mixin
        CommonOptions.Device device;

        @Override
        public Integer call() {
            requireKind(this, "--source", source, SOURCES, "a segmentation source");
            requireKind(this, "--target", target, TARGETS, "a segmentation target");
            if (entropyRanking != null) {
                if (!(entropyRanking > 0 && entropyRanking <= 1)) {
                    throw usageError("--entropy-ranking must be in (0, 1], got " + entropyRanking);
                }
                requireMinEnt("--entropy-ranking");
            }
            if (classPrior != null) {
                if (!(classPrior > 0) || classPrior.isInfinite()) {
                    throw usageError("--class-prior must be a positive number, got " + classPrior);
                }
                requireMinEnt("--class-prior");
            }
            training.validate(this);
            SegmentationTraining.Spec run = new SegmentationTraining.Spec(method,
                    entropyRanking == null ? 0 : entropyRanking, classPrior == null ? 0 : classPrior,
                    reference(source), reference(target), training.out, training.init, training.iterations,
                    training.snapshotEvery, training.resume, Devices.resolve(device.device), training.seed, architecture,
                    null, null, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), AdventCli.commandLine());
            PrintWriter err = spec.commandLine().getErr();
            TrainingRun.Result result;
            try (TrainingProgress progress = new TrainingProgress("train " + method, training.iterations, 0)) {
                result = SegmentationTraining.run(run, progress, note -> {
                    err.println("advent: " + note);
                    err.flush();
                });
            }
            err.println("advent: " + (result.interrupted() ? "stopped" : "finished") + " at iteration "
                    + result.iterationsDone() + (result.lastSnapshot() == null ? "" : "; snapshot " + result.lastSnapshot()));
            return ExitCodes.OK;
        }

        private static SegmentationTraining.DatasetRef reference(DatasetSpec spec) {
            return new SegmentationTraining.DatasetRef(spec.kind().cliName(), spec.root(), spec.options());
        }

        private void requireMinEnt(String option) {
            if (method != Method.MINENT) {
                throw usageError(option + " is a MinEnt option; it needs --method minent, not " + method);
            }
        }
    }

    @Command(name = "detection",
            header = "Train SSD-300 for object detection (Cityscapes -> Foggy Cityscapes).",
            description = "SSD-300 (VGG-16) on 300x300 inputs, 8 classes; the entropy is taken over each default"
                    + " box's class distribution.",
            footer = {
                "  advent train detection --method advent --source cityscapes=data/cityscapes \\",
                "      --target foggy-cityscapes=data/cityscapes,beta=0.02 --init vgg16-imagenet.pth --out runs/det",
                "  advent train detection --method source-only --source cityscapes=data/cityscapes \\",
                "      --target foggy-cityscapes=data/cityscapes --out runs/det-source-only"})
    public static final class Detection extends AdventCommand {
        @Option(names = "--method", required = true, paramLabel = "METHOD", converter = Choices.MethodConverter.class,
                description = "source-only, minent or advent")
        Method method;

        @Option(names = "--source", required = true, paramLabel = "KIND=ROOT", converter = DatasetSpec.Converter.class,
                description = "labelled source data: cityscapes=ROOT (boxes from instance ids)")
        DatasetSpec source;

        @Option(names = "--target", required = true, paramLabel = "KIND=ROOT[,beta=B]",
                converter = DatasetSpec.Converter.class,
                description = "unlabelled target data: foggy-cityscapes=ROOT[,beta=0.02]")
        DatasetSpec target;

        @Mixin
        CommonOptions.Training training;

        @Mixin
        CommonOptions.Device device;

        @Override
        public Integer call() {
            requireKind(this, "--source", source, EnumSet.of(DatasetKind.CITYSCAPES), "a detection source");
            requireKind(this, "--target", target, EnumSet.of(DatasetKind.FOGGY_CITYSCAPES), "a detection target");
            training.validate(this);
            return PendingFeature.stop(spec);
        }
    }
}
