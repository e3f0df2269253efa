package io.github.advent.tools;

import ai.djl.ndarray.NDManager;
import io.github.advent.detection.model.HeadClassMap;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.detection.model.SsdConvention;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.tools.Choices.Arch;
import java.nio.file.Path;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import io.github.advent.entropy.weights.WeightImport;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code advent import-weights}: PyTorch / numpy / safetensors weights into an advent checkpoint. */
@Command(name = "import-weights",
        header = "Convert published weights (.pth, .npz, .safetensors) into an advent checkpoint.",
        description = {"The file's format is read from its content; PyTorch pickles go through a restricted reader."
                + " The summary line lists the tensors loaded, and any missing, unexpected or mis-shaped ones.",
                "deeplabv2-resnet101: DeepLab-V2 (ResNet-101) weights, ImageNet or whole models.",
                "ssd300-vgg16: a whole SSD-300, ssd.pytorch's (vgg.N, L2Norm, extras.N, loc.N, conf.N) or torchvision's"
                + " ssd300_vgg16 (backbone.*, head.*; e.g. its COCO checkpoint, 91 classes). torchvision's default boxes,"
                + " input normalisation and decoding travel with the checkpoint (architecture ssd300-vgg16-torchvision)."
                + " The classes come from the heads unless --classes says otherwise; --classes cityscapes copies COCO's"
                + " person (to person and rider), car, truck, bus, train, motorcycle and bicycle head rows.",
                "vgg16: an ImageNet VGG-16 backbone for SSD-300 (ssd.pytorch's vgg16_reducedfc.pth, or torchvision's"
                + " vgg16 with fc6/fc7 subsampled into conv6/conv7). It writes a complete ssd300-vgg16 checkpoint with"
                + " --classes classes (default 9: Cityscapes' 8 plus the background) whose L2Norm (scale 20), extra"
                + " layers and heads are freshly initialised (Xavier, seed 1234), ready for 'train detection --init'."},
        footer = {
            "  advent import-weights DeepLab_resnet_pretrained_imagenet.pth --arch deeplabv2-resnet101 \\",
            "      --out weights/resnet101-imagenet.safetensors",
            "  advent import-weights vgg16_reducedfc.pth --arch vgg16 --out weights/ssd300-imagenet.safetensors",
            "  advent import-weights ssd300_mAP_77.43_v2.pth --arch ssd300-vgg16 --classes 9 \\",
            "      --out weights/ssd300-voc-heads9.safetensors",
            "  advent import-weights ssd300_vgg16_coco-b556d3b4.pth --arch ssd300-vgg16 --classes cityscapes \\",
            "      --out weights/ssd300-coco-cityscapes.safetensors",
            "  advent import-weights gta2cityscapes_advent.pth --arch deeplabv2-resnet101 \\",
            "      --out weights/advent-gta2cs.safetensors --strict"})
public final class ImportWeightsCommand extends AdventCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "the weights: PyTorch .pth, numpy .npz or .safetensors")
    Path file;

    @Option(names = "--arch", required = true, paramLabel = "ARCH", converter = Choices.ArchConverter.class,
            description = "the network the weights are for: deeplabv2-resnet101, ssd300-vgg16 or vgg16 (backbone)")
    Arch arch;

    @Option(names = "--out", required = true, paramLabel = "CHECKPOINT", description = "the checkpoint to write")
    Path out;

    @Option(names = "--strict", description = "fail unless the file's tensors and the network's parameters match"
            + " one to one (default: tensors the network lacks, such as an ImageNet classifier, are skipped)")
    boolean strict;

    @Option(names = "--classes", paramLabel = "C|cityscapes",
            description = "classes of the heads, background included (default: read from the file's heads, else 19"
                    + " for deeplabv2-resnet101 and 9 for SSD); for SSD, 'cityscapes' maps COCO heads (81 or 91"
                    + " classes) onto Cityscapes' 8 plus background")
    String classesOption;

    /** --classes as a count (null when not given); 'cityscapes' is 9 with the COCO map. */
    private Integer classes;
    private boolean cityscapesMap;

    @Override
    public Integer call() {
        if (classesOption != null) {
            if (classesOption.equalsIgnoreCase("cityscapes")) {
                if (arch != Arch.SSD300_VGG16) {
                    throw usageError("--classes cityscapes maps a whole SSD's COCO heads; use it with --arch ssd300-vgg16");
                }
                classes = SsdConfig.DEFAULT_CLASSES;
                cityscapesMap = true;
            } else {
                try {
                    classes = Integer.parseInt(classesOption.strip());
                } catch (NumberFormatException e) {
                    throw usageError("--classes must be a class count or 'cityscapes', got '" + classesOption + "'");
                }
                requireAtLeast("--classes", classes, 2);
            }
        }
        Map<String, TensorData> tensors = WeightFiles.read(file);
        String summary = arch == Arch.DEEPLABV2_RESNET101 ? importDeepLab(tensors) : importSsd(tensors);
        PrintWriter err = spec.commandLine().getErr();
        err.println("advent: " + summary);
        err.println("advent: wrote " + out);
        return ExitCodes.OK;
    }

    private String importDeepLab(Map<String, TensorData> tensors) {
        int headClasses = classes != null ? classes : DeepLabWeights.headClasses(tensors).orElse(19);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            DeepLabV2 network = DeepLabV2.create(manager, DeepLabConfig.resnet101(headClasses), new SplitMix64(1234));
            WeightImport result = DeepLabWeights.importTensors(file, tensors, network, strict);
            DeepLabWeights.writeCheckpoint(out, network, AdventCli.commandLine());
            return result.summary();
        }
    }

    /** ssd300-vgg16 takes a whole SSD, vgg16 a backbone; the layout the keys show must agree with --arch. */
    private String importSsd(Map<String, TensorData> tensors) {
        SsdWeights.Layout layout = SsdWeights.detectLayout(tensors.keySet());
        boolean whole = arch == Arch.SSD300_VGG16;
        if (layout.isWholeNetwork() != whole) {
            throw new BadInputException(file, "holds " + (layout.isWholeNetwork() ? "a whole SSD" : "a VGG-16 backbone")
                    + " (" + layout.description() + "); import it with --arch "
                    + (layout.isWholeNetwork() ? Arch.SSD300_VGG16 : Arch.VGG16));
        }
        java.util.OptionalInt fileClasses = SsdWeights.headClasses(tensors);
        int headClasses = classes != null ? classes
                : whole ? fileClasses.orElse(SsdConfig.DEFAULT_CLASSES) : SsdConfig.DEFAULT_CLASSES;
        HeadClassMap classMap = null;
        if (cityscapesMap) {
            classMap = fileClasses.isPresent() ? HeadClassMap.between(fileClasses.getAsInt(), headClasses).orElse(null) : null;
            if (classMap == null) {
                throw new BadInputException(file, "--classes cityscapes maps COCO heads (81 or 91 classes); this file's"
                        + " heads have " + (fileClasses.isPresent() ? fileClasses.getAsInt() + " classes" : "no class count"));
            }
        }
        SsdConvention convention = SsdWeights.convention(layout).orElse(SsdConvention.SSD_PYTORCH);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Ssd300 network = Ssd300.create(manager, new SsdConfig(1, headClasses, convention),
                    new SplitMix64(Ssd300.DEFAULT_INIT_SEED));
            WeightImport result = SsdWeights.importTensors(file, tensors, network, strict, classMap);
            SsdWeights.writeCheckpoint(out, network, AdventCli.commandLine());
            return result.summary() + " -> " + network.config().identity();
        }
    }
}
