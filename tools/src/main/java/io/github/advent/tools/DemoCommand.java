package io.github.advent.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code advent demo}: the first command a newcomer runs. Until the demo run exists (see
 * {@link PendingFeature#DEMO}) it says what the toolkit is and which parts are built, and succeeds.
 */
@Command(name = "demo",
        header = "Run the whole method on built-in data and write a report (start here).",
        description = {
            "Trains source-only, MinEnt and AdvEnt on small procedural source and target domains built into",
            "the toolkit, evaluates them and writes a report. Needs no dataset and no download."},
        footer = {
            "  advent demo",
            "  advent demo --quick --out /tmp/demo",
            "  advent demo --seeds 3 --out demo-report"})
public final class DemoCommand extends AdventCommand {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-report",
            description = "folder for the report (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "repeat each run with N seeds and report mean and spread (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--quick", description = "a smaller, faster run (a smoke test of the installation)")
    boolean quick;

    @Override
    public Integer call() {
        requireAtLeast("--seeds", seeds, 1);
        PrintWriter out = out();
        for (String line : overview()) {
            out.println(line);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** What the toolkit is and what exists today, wrapped for a terminal. */
    static List<String> overview() {
        List<String> pending = new ArrayList<>();
        for (PendingFeature feature : PendingFeature.values()) {
            if (feature != PendingFeature.DEMO) {
                pending.add("'" + feature.commandPath() + "' (#" + feature.issue() + ")");
            }
        }
        String what = "advent " + AdventCli.version() + " adapts semantic segmentation (DeepLab-V2) and object"
                + " detection (SSD-300) networks from a labelled source domain (GTA5, SYNTHIA) to an unlabelled"
                + " target domain (Cityscapes, Foggy Cityscapes) by entropy minimisation: MinEnt and adversarial"
                + " AdvEnt (Vu et al., CVPR 2019), in Java on DJL + PyTorch.";
        String built = "Built today: the shared entropy core (entropy and self-information maps and losses,"
                + " MinEnt, entropy ranking, class-ratio prior, the discriminator, the task-agnostic trainer,"
                + " PyTorch-exact optimisers, atomic checkpoints with exact resume, .pth/.npz/.safetensors readers);"
                + " DeepLab-V2 (ResNet-101 and smaller depths) with the GTA5, SYNTHIA, Cityscapes, Foggy Cityscapes"
                + " and folder datasets; 'advent train segmentation', 'advent predict', 'advent import-weights',"
                + " 'advent evaluate segmentation' (checkpoints, ensembles, snapshot sweeps, saved predictions),"
                + " 'advent evaluate detection' on COCO files, 'advent fog' (Foggy Cityscapes synthesis), and"
                + " 'advent bench train|infer|eval'.";
        String notYet = "Not built yet: this demo run itself (issue #" + PendingFeature.DEMO.issue() + "), and "
                + String.join(", ", pending) + "; each of these says so and exits with status 3.";
        String next = "Run 'advent --help' for the commands and 'advent COMMAND --help' for their options and examples.";
        List<String> lines = new ArrayList<>();
        for (String paragraph : Arrays.asList(what, built, notYet, next)) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.addAll(wrap(paragraph, 100));
        }
        return lines;
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
