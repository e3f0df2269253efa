package io.github.advent.tools;

import io.github.advent.tools.Choices.Arch;
import java.nio.file.Path;
import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.util.SplitMix64;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.WeightFiles;
import io.github.advent.segmentation.model.DeepLabConfig;
import io.github.advent.segmentation.model.DeepLabV2;
import io.github.advent.segmentation.model.DeepLabWeights;
import io.github.advent.segmentation.model.WeightImport;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code advent import-weights}: PyTorch / numpy / safetensors weights into an advent checkpoint. */
@Command(name = "import-weights",
        header = "Convert published weights (.pth, .npz, .safetensors) into an advent checkpoint.",
        description = "The file's format is read from its content; PyTorch pickles go through a restricted reader.",
        footer = {
            "  advent import-weights DeepLab_resnet_pretrained_imagenet.pth --arch deeplabv2-resnet101 \\",
            "      --out weights/resnet101-imagenet.safetensors",
            "  advent import-weights vgg16_reducedfc.pth --arch vgg16 --out weights/vgg16.safetensors",
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

    @Option(names = "--classes", paramLabel = "C",
            description = "classes of the heads (default: read from the file's heads, else 19)")
    Integer classes;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (arch != Arch.DEEPLABV2_RESNET101) {
            err.println("advent import-weights --arch " + arch + ": not built yet (issue #5)");
            err.flush();
            return ExitCodes.NOT_BUILT;
        }
        Map<String, TensorData> tensors = WeightFiles.read(file);
        int headClasses = classes != null ? classes : DeepLabWeights.headClasses(tensors).orElse(19);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            DeepLabV2 network = DeepLabV2.create(manager, DeepLabConfig.resnet101(headClasses), new SplitMix64(1234));
            WeightImport result = DeepLabWeights.importTensors(file, tensors, network, strict);
            err.println("advent: " + result.summary());
            DeepLabWeights.writeCheckpoint(out, network, AdventCli.commandLine());
        }
        err.println("advent: wrote " + out);
        return ExitCodes.OK;
    }
}
