package io.github.advent.tools;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code advent fog}: synthesise Foggy Cityscapes from Cityscapes. */
@Command(name = "fog",
        header = "Synthesise Foggy Cityscapes from Cityscapes images, disparity and camera files.",
        description = "Follows Sakaridis et al. (IJCV 2018): transmittance exp(-beta * distance), guided filter,"
                + " dark-channel atmospheric light.",
        footer = {
            "  advent fog --cityscapes data/cityscapes --beta 0.02 --out data/cityscapes",
            "  advent fog --cityscapes data/cityscapes --beta 0.005 --out /tmp/foggy-light"})
public final class FogCommand extends AdventCommand {

    @Option(names = "--cityscapes", required = true, paramLabel = "ROOT",
            description = "Cityscapes root (leftImg8bit, disparity, camera)")
    Path cityscapes;

    @Option(names = "--beta", required = true, paramLabel = "0.005|0.01|0.02", converter = Choices.FogBetaConverter.class,
            description = "attenuation coefficient: 0.005, 0.01 or 0.02 (visibility about 600, 300, 150 m)")
    String beta;

    @Option(names = "--out", required = true, paramLabel = "ROOT",
            description = "root to write leftImg8bit_foggy/ into (may be the Cityscapes root)")
    Path out;

    @Override
    public Integer call() {
        return PendingFeature.stop(spec);
    }
}
