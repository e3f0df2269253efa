package io.github.advent.tools;

import io.github.advent.detection.DetectionTraining;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.DetectionDatasets;
import io.github.advent.detection.data.DetectionOptions;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.entropy.data.DatasetContent;
import io.github.advent.entropy.data.DatasetRegistry;
import io.github.advent.segmentation.SegmentationTraining;
import io.github.advent.segmentation.data.SegmentationDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
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

    /**
     * Throws a usage error unless {@code spec}'s kind has a reader for the task's dataset {@code type} that
     * provides {@code needed} (a target needs images, a source the task's labels); the message lists the kinds that do.
     */
    static void requireRole(AdventCommand command, String option, DatasetSpec spec, Class<?> type, DatasetContent needed,
            String role) {
        try {
            DatasetRegistry.require(spec.kind().cliName(), type, needed, role);
        } catch (IllegalArgumentException e) {
            throw command.usageError(option + ": " + e.getMessage());
        }
    }

    /** Decoding threads per dataset: half the cores, the other half compute. */
    static int decodeThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Runs a training {@code run} under a progress bar, its notes on stderr, and says how it ended: the part
     * every train command shares (logging, snapshots, resume, Ctrl-C and NaN are the shared TrainingRun's).
     */
    static int train(AdventCommand command, String label, long iterations,
            BiFunction<TrainingRun.Listener, Consumer<String>, TrainingRun.Result> run) {
        PrintWriter err = command.spec.commandLine().getErr();
        TrainingRun.Result result;
        try (TrainingProgress progress = new TrainingProgress(label, iterations, 0)) {
            result = run.apply(progress, note -> {
                err.println("advent: " + note);
                err.flush();
            });
        }
        err.println("advent: " + (result.interrupted() ? "stopped" : "finished") + " at iteration "
                + result.iterationsDone() + (result.lastSnapshot() == null ? "" : "; snapshot " + result.lastSnapshot()));
        err.flush();
        return ExitCodes.OK;
    }

    @Command(name = "segmentation",
            header = "Train DeepLab-V2 for semantic segmentation (GTA5/SYNTHIA -> Cityscapes, Cityscapes -> adverse conditions).",
            description = "DeepLab-V2 (ResNet-101) with the paper's settings: SGD at 2.5e-4 with a poly schedule,"
                    + " one source and one target image per iteration, discriminators on both heads for AdvEnt.",
            footer = {
                "  advent train segmentation --method advent --source gta5=data/gta5 \\",
                "      --target cityscapes=data/cityscapes --init resnet101-imagenet.pth --out runs/gta2cs-advent",
                "  advent train segmentation --method minent --entropy-ranking 0.3 --source gta5=data/gta5 \\",
                "      --target cityscapes=data/cityscapes --out runs/gta2cs-minent-er",
                "  advent train segmentation --method advent --out runs/gta2cs-advent --resume \\",
                "      --source gta5=data/gta5 --target cityscapes=data/cityscapes",
                "  advent train segmentation --method advent --source cityscapes=data/cityscapes \\",
                "      --target acdc=data/acdc,condition=fog --out runs/cs2acdc-fog-advent",
                "  advent train segmentation --method minent --source cityscapes=data/cityscapes \\",
                "      --target folder=my_dashcam_images --out runs/cs2dashcam-minent"})
    public static final class Segmentation extends AdventCommand {
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
                description = "labelled source data: any kind with segmentation labels, e.g. gta5=ROOT, synthia=ROOT,"
                        + " cityscapes=ROOT (gtFine labelIds, 19 classes) or folder=ROOT[,labels=FILE] (images/ and labels/)")
        DatasetSpec source;

        @Option(names = "--target", required = true, paramLabel = "KIND=ROOT[,key=value]",
                converter = DatasetSpec.Converter.class,
                description = "unlabelled target data, any kind with images: cityscapes=ROOT, foggy-cityscapes=ROOT[,beta=0.02],"
                        + " acdc=ROOT[,condition=fog|night|rain|snow|all], dark-zurich=ROOT (night images) or"
                        + " folder=ROOT[,list=FILE] (every PNG/JPEG image under ROOT, any depth)")
        DatasetSpec target;

        @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "deeplabv2-resnet101",
                description = "deeplabv2-resnet101 (the paper), deeplabv2-resnet50, or a small variant such as"
                        + " deeplabv2-resnet26-w16 for quick runs (default: ${DEFAULT-VALUE})")
        String architecture;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "120000",
                description = "iterations to train (default: ${DEFAULT-VALUE}, the paper's early stop)")
        long iterations;

        @Mixin
        CommonOptions.Training training;

        @Mixin
        CommonOptions.Device device;

        @Override
        public Integer call() {
            requireRole(this, "--source", source, SegmentationDataset.class, DatasetContent.SEGMENTATION_LABELS,
                    "a segmentation source");
            requireRole(this, "--target", target, SegmentationDataset.class, DatasetContent.IMAGES, "a segmentation target");
            source.requireKeys(this, "--source", SegmentationDatasets.kind(source.kind().cliName()).optionKeys(),
                    "segmentation");
            target.requireKeys(this, "--target", SegmentationDatasets.kind(target.kind().cliName()).optionKeys(),
                    "segmentation");
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
            training.validate(this, iterations);
            SegmentationTraining.Spec run = new SegmentationTraining.Spec(method,
                    entropyRanking == null ? 0 : entropyRanking, classPrior == null ? 0 : classPrior,
                    source.reference(), target.reference(), training.out, training.init, iterations,
                    training.snapshotEvery, training.resume, Devices.resolve(device.device), training.seed, architecture,
                    null, null, decodeThreads(), EvaluateOutput.commandLine(spec));
            return train(this, "train " + method, iterations, (progress, log) -> SegmentationTraining.run(run, progress, log));
        }


        private void requireMinEnt(String option) {
            if (method != Method.MINENT) {
                throw usageError(option + " is a MinEnt option; it needs --method minent, not " + method);
            }
        }
    }

    @Command(name = "detection",
            header = "Train SSD-300 for object detection (Cityscapes -> Foggy Cityscapes).",
            description = {
                "SSD-300 (VGG-16) on 300x300 inputs; classes: the source's 8 Cityscapes classes plus the background. The"
                + " entropy is taken over each default box's class distribution.",
                "Defaults: SGD at 1e-3 (SSD's), momentum 0.9, weight decay 5e-4, poly schedule (power 0.9) over the"
                + " run's own --iterations; 1 source + 1 target image per iteration (a CPU batch; SSD's 32 is a GPU"
                + " batch); AdvEnt discriminators Adam 1e-4 (0.9, 0.99) on conv4_3 and conv7; lambda_ent 0.001 in"
                + " total over all 8,732 default boxes, lambda_adv 0.001 per discriminated map; SSD's augmentation"
                + " (photometric, zoom out, min-IoU crop, flip) on source images; a snapshot every 2,000 iterations.",
                "Batch size, augmentation, discriminated maps and learning rate are recorded in RUN_DIR/run.json;"
                + " --resume refuses other values, and cannot go past the run's --iterations (where the poly"
                + " learning rate reaches 0).",
                "--init with torchvision's ssd300_vgg16 weights (e.g. its COCO checkpoint) trains with torchvision's"
                + " default boxes and input (architecture ssd300-vgg16-torchvision); COCO heads start the 8 Cityscapes"
                + " classes from COCO's person (person and rider), car, truck, bus, train, motorcycle and bicycle."},
            footer = {
                "  advent train detection --method advent --source cityscapes=data/cityscapes \\",
                "      --target foggy-cityscapes=data/cityscapes,beta=0.02 --init vgg16_reducedfc.pth --out runs/det",
                "  advent train detection --method advent --source cityscapes=data/cityscapes \\",
                "      --target foggy-cityscapes=data/cityscapes,beta=0.02 --out runs/det-coco \\",
                "      --init ssd300_vgg16_coco-b556d3b4.pth",
                "  advent train detection --method source-only --source cityscapes=data/cityscapes \\",
                "      --target foggy-cityscapes=data/cityscapes --out runs/det-source-only",
                "  advent train detection --method advent --out runs/det --resume \\",
                "      --source cityscapes=data/cityscapes --target foggy-cityscapes=data/cityscapes,beta=0.02"})
    public static final class Detection extends AdventCommand {
        @Option(names = "--method", required = true, paramLabel = "METHOD", converter = Choices.MethodConverter.class,
                description = "source-only, minent or advent")
        Method method;

        @Option(names = "--source", required = true, paramLabel = "KIND=ROOT[,split=train]",
                converter = DatasetSpec.Converter.class,
                description = "labelled source data, any kind with boxes: cityscapes=ROOT (boxes from gtFine instanceIds; boxes=polygons"
                        + " reads the polygon files, min-size=PX drops smaller boxes) or"
                        + " folder=ROOT,annotations=FILE.json (COCO boxes; classes=A;B;... names them; coco=ROOT,annotations=... alike)")
        DatasetSpec source;

        @Option(names = "--target", required = true, paramLabel = "KIND=ROOT[,beta=B]",
                converter = DatasetSpec.Converter.class,
                description = "unlabelled target data, any kind with images: foggy-cityscapes=ROOT[,beta=0.02] (no gtFine needed) or"
                        + " folder=ROOT[,list=FILE] (every PNG/JPEG image under ROOT, any depth)")
        DatasetSpec target;

        @Option(names = "--arch", paramLabel = "ARCH", defaultValue = SsdConfig.PREFIX,
                description = "ssd300-vgg16 (the paper), or a narrow variant such as ssd300-vgg16-w8 (conv1_1 8"
                        + " channels wide) for quick runs; -torchvision at the end takes torchvision's default boxes and"
                        + " input, which --init with torchvision's SSD weights implies (default: ${DEFAULT-VALUE})")
        String architecture;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "120000",
                description = "iterations to train; the poly schedule runs over them (default: ${DEFAULT-VALUE},"
                        + " the length of SSD's VOC schedule)")
        long iterations;

        @Option(names = "--lr", paramLabel = "LR",
                description = "the network's base learning rate (default: 1e-3, SSD's)")
        Double learningRate;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1",
                description = "source and target images per iteration, each (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--augment", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "SSD's augmentation of source images; --no-augment feeds them only resized (default: on)")
        boolean augment;

        @Option(names = "--discriminate", paramLabel = "MAP", split = ",",
                description = "AdvEnt: the feature maps watched by a discriminator, from conv4_3, conv7, conv8_2,"
                        + " conv9_2, conv10_2, conv11_2 (default: conv4_3,conv7)")
        List<String> discriminate;

        @Mixin
        CommonOptions.Training training;

        @Mixin
        CommonOptions.Device device;

        @Override
        public Integer call() {
            requireRole(this, "--source", source, DetectionDataset.class, DatasetContent.BOXES, "a detection source");
            requireRole(this, "--target", target, DetectionDataset.class, DatasetContent.IMAGES, "a detection target");
            if (source.kind().equals(DatasetKind.FOLDER) && source.option("annotations") == null) {
                throw usageError("--source: folder=ROOT needs annotations=FILE.json (COCO boxes) to be a detection source");
            }
            requireDetectionOptions(this, "--source", source);
            requireDetectionOptions(this, "--target", target);
            training.validate(this, iterations);
            requireAtLeast("--batch-size", batchSize, 1);
            if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
                throw usageError("--lr must be a positive number, got " + learningRate);
            }
            try {
                SsdConfig.parse(architecture, SsdConfig.DEFAULT_CLASSES);
            } catch (IllegalArgumentException e) {
                throw usageError("--arch: " + e.getMessage());
            }
            DetectionTraining.Spec run = new DetectionTraining.Spec(method, source.reference(), target.reference(),
                    training.out, training.init, iterations, training.snapshotEvery, training.resume,
                    Devices.resolve(device.device), training.seed, architecture, learningRate, batchSize, augment,
                    discriminated(), decodeThreads(), EvaluateOutput.commandLine(spec));
            return train(this, "train " + method, iterations, (progress, log) -> DetectionTraining.run(run, progress, log));
        }

        /** The maps to discriminate: as given (AdvEnt only), else conv4_3 and conv7. */
        private Set<String> discriminated() {
            if (discriminate == null) {
                return io.github.advent.detection.DetectionTask.DEFAULT_DISCRIMINATED;
            }
            if (method != Method.ADVENT) {
                throw usageError("--discriminate is an AdvEnt option; it needs --method advent, not " + method);
            }
            List<String> levels = DetectionTraining.levelNames();
            Set<String> chosen = new LinkedHashSet<>();
            for (String name : discriminate) {
                if (!levels.contains(name.strip())) {
                    throw usageError("--discriminate: unknown feature map '" + name.strip() + "'; known: "
                            + String.join(", ", levels));
                }
                chosen.add(name.strip());
            }
            return chosen;
        }

        /** A usage error unless detection's reader takes every option of {@code spec} and its value. */
        static void requireDetectionOptions(AdventCommand command, String option, DatasetSpec spec) {
            Set<String> keys = detectionKeys(spec);
            spec.requireKeys(command, option, keys, "detection");
            try {
                DetectionOptions.parse(spec.kind().cliName(), spec.options(), keys);
            } catch (IllegalArgumentException e) {
                throw command.usageError(option + ": " + e.getMessage());
            }
        }

        /** The option keys detection's reader takes for this kind (labelled is set by the command). */
        static Set<String> detectionKeys(DatasetSpec spec) {
            Set<String> keys = new java.util.TreeSet<>(DetectionDatasets.kind(spec.kind().cliName()).optionKeys());
            keys.remove("labelled");
            return keys;
        }

    }
}
