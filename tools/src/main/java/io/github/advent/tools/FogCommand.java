package io.github.advent.tools;

import io.github.advent.entropy.io.Json;
import io.github.advent.tools.cluster.Cluster;
import io.github.advent.tools.fog.ClusterFog;
import io.github.advent.tools.fog.FoggyCityscapesWriter;
import io.github.advent.tools.fog.FoggyCityscapesWriter.Frame;
import io.github.advent.tools.fog.FoggyCityscapesWriter.Summary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advent fog}: synthesise Foggy Cityscapes from Cityscapes. */
@Command(name = "fog",
        header = "Synthesise Foggy Cityscapes from Cityscapes images, disparity and camera files.",
        description = {
            "Follows Sakaridis et al. (IJCV 2018): transmittance exp(-beta * distance), guided filter,"
                + " dark-channel atmospheric light.",
            "",
            "For every image    leftImg8bit/SPLIT/CITY/NAME_leftImg8bit.png",
            "with its           disparity/SPLIT/CITY/NAME_disparity.png and camera/SPLIT/CITY/NAME_camera.json",
            "writes under --out leftImg8bit_foggy/SPLIT/CITY/NAME_leftImg8bit_foggy_beta_BETA.png",
            "named as the official release. Invalid disparities take the depth of the nearest valid pixel.",
            "",
            "Bad input stops the run with exit status 1 and one line naming the file: a missing disparity or"
                + " camera file, an unreadable camera file or a disparity of the wrong size is found before"
                + " anything is written; a disparity or image that fails to decode stops the run at that"
                + " frame (the images written before it are complete; each is written to a temporary name and"
                + " renamed). Existing foggy images are overwritten. Frames run in parallel, one per core"
                + " (at most 4)."},
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

    @Option(names = "--json", description = "print the summary as one JSON object on stdout")
    boolean json;

    @Mixin
    CommonOptions.Spark spark;

    @Override
    public Integer call() {
        FoggyCityscapesWriter writer = new FoggyCityscapesWriter(cityscapes, out, Double.parseDouble(beta));
        List<Frame> frames = writer.frames();
        int threads = Math.min(FoggyCityscapesWriter.defaultThreads(), frames.size());
        Summary summary;
        String where = "";
        try (Cluster cluster = spark.open()) {
            if (cluster != null) {
                long start = System.nanoTime();
                int written = ClusterFog.write(cluster, cityscapes, out, Double.parseDouble(beta), frames);
                summary = new Summary(written, (System.nanoTime() - start) / 1e9, cluster.parallelism());
                where = " on " + cluster.describe();
            } else {
                try (ProgressBar bar = new ProgressBar("fog beta " + beta, frames.size(), 10)) {
                    summary = writer.write(frames, threads, frame -> bar.step());
                }
            }
        }
        Path folder = out.resolve("leftImg8bit_foggy");
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("frames", summary.frames());
            result.put("beta", beta);
            result.put("out", folder.toAbsolutePath().normalize().toString());
            result.put("seconds", summary.seconds());
            result.put("seconds_per_frame", summary.secondsPerFrame());
            result.put("threads", summary.threads());
            if (!where.isEmpty()) {
                result.put("cluster", where.substring(" on ".length()));
            }
            out().println(Json.COMPACT.toJson(result));
            out().flush();
        }
        err().printf(Locale.ROOT, "advent: wrote %d foggy image(s) (beta %s) to %s in %.1f s (%.2f s per image,"
                + " %d thread(s)%s)%n", summary.frames(), beta, folder, summary.seconds(), summary.secondsPerFrame(),
                summary.threads(), where);
        err().flush();
        return ExitCodes.OK;
    }
}
