package io.github.advent.tools;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.tools.demo.DemoPlan;
import io.github.advent.tools.demo.DemoDetectionStart;
import io.github.advent.tools.demo.DemoReport;
import io.github.advent.tools.demo.DemoRun;
import io.github.advent.tools.demo.DomainStyle;
import io.github.advent.tools.demo.DemoTrack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code advent demo}: the first command a newcomer runs. Generates a synthetic source and a
 * realistic, foggy target street domain, trains source-only, MinEnt and AdvEnt on them, scores the
 * models on held-out target scenes, prints the table and writes the report.
 */
@Command(name = "demo",
        header = "Run the whole method on built-in data and write a report (start here).",
        description = {
            "Generates procedural street domains: a labelled synthetic source, an unlabelled realistic target (other",
            "palette, camera, textures, blur, noise and fog) and, for detection, the source's own look in fog (the",
            "analogue of Cityscapes -> Foggy Cityscapes). Trains a small DeepLab-V2 (from scratch) and continues a",
            "small SSD-300 (from the source-only detector shipped with advent) source-only, with MinEnt and with",
            "AdvEnt on CPU, scores them on held-out target scenes (mIoU; VOC07 mAP@0.5) beside Tent, an oracle (the",
            "same network trained on labelled target scenes) and the source-only model's score on held-out source",
            "scenes; gains are paired by seed, with a 95 % interval over several seeds. Writes DIR/index.html and",
            "DIR/report.json. Needs no dataset and no download; about 9 minutes on 2 cores (--quick: about a",
            "minute, too short to show gains). Rerunning replaces DIR's data/, runs/ and samples/."},
        footer = {
            "  advent demo",
            "  advent demo --quick --out /tmp/demo",
            "  advent demo --seeds 3 --out demo-report",
            "  advent demo --tasks detection --seeds 5 --first-seed 4 --validation-scenes 300"})
public final class DemoCommand extends AdventCommand {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-report",
            description = "folder for the report, the generated data and the runs (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "repeat each run with N seeds and report mean and spread (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", paramLabel = "N", defaultValue = "1",
            description = "the first seed; --seeds N runs seeds N0, N0+1, ... (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--quick", description = "a smaller, faster run (a smoke test of the installation)")
    boolean quick;

    @Option(names = "--tasks", split = ",", paramLabel = "TASK[,TASK]",
            description = "run only these tasks: segmentation, detection (default: both)")
    List<String> tasks = DemoRun.TASKS;

    @Option(names = "--validation-scenes", paramLabel = "N",
            description = "held-out scenes per domain to score on (default: the plan's, 100; the README's detection"
                    + " table uses 300)")
    Integer validationScenes;

    // developer options for experiments (hidden: a newcomer's demo needs none of them)
    @Option(names = "--make-detection-start", hidden = true, paramLabel = "FILE",
            description = "train the source-only detector the demo ships (DemoPlan.DETECTION_START) and write it to FILE")
    Path makeDetectionStart;

    @Option(names = "--detection-settings", hidden = true,
            description = "replace detection settings, e.g. pretrain=2000,lr=0.003 (see DemoPlan.Detection#with)")
    String detectionSettings;

    @Option(names = "--tent-settings", hidden = true,
            description = "replace the test-time row's settings, e.g. steps=0 (batch statistics alone) or lr=0.01")
    String tentSettings;

    @Option(names = "--no-oracle", hidden = true, description = "skip the oracles")
    boolean noOracle;

    @Option(names = "--targets", hidden = true, split = ",", paramLabel = "NAME[,NAME]",
            description = "run only the targets of these names (fog, realistic)")
    Set<String> targetNames = Set.of();

    @Option(names = "--target-look", hidden = true, paramLabel = "LOOK",
            description = "realistic (default) or source-palette (the source's colours and camera, the target's degradations)")
    String targetLook = "realistic";

    @Override
    public Integer call() {
        requireAtLeast("--seeds", seeds, 1);
        for (String task : tasks) {
            if (!DemoRun.TASKS.contains(task)) {
                throw usageError("--tasks: unknown task '" + task + "'; known: " + String.join(", ", DemoRun.TASKS));
            }
        }
        for (String name : targetNames) {
            if (!DemoRun.TARGETS.contains(name)) {
                throw usageError("--targets: unknown target '" + name + "'; known: " + String.join(", ", DemoRun.TARGETS));
            }
        }
        DemoPlan plan = quick ? DemoPlan.quick() : DemoPlan.standard();
        String lever = "--detection-settings";
        try {
            if (detectionSettings != null) {
                plan = plan.withDetection(plan.detection().with(detectionSettings));
            }
            lever = "--tent-settings";
            if (tentSettings != null) {
                plan = plan.withTestTime(tentSettings);
            }
        } catch (IllegalArgumentException e) {
            throw usageError(lever + ": " + e.getMessage());
        }
        if (validationScenes != null) {
            requireAtLeast("--validation-scenes", validationScenes, 1);
            plan = plan.withValidationScenes(validationScenes);
        }
        DomainStyle target;
        try {
            target = DomainStyle.target(targetLook);
        } catch (IllegalArgumentException e) {
            throw usageError("--target-look: " + e.getMessage());
        }
        PrintWriter err = err();
        if (makeDetectionStart != null) {
            long start = System.nanoTime();
            String sha = DemoDetectionStart.make(makeDetectionStart, plan, new BarProgress(err));
            out().printf(Locale.ROOT, "%s  %s (%.0f s)%n", sha, makeDetectionStart, (System.nanoTime() - start) / 1e9);
            out().flush();
            return ExitCodes.OK;
        }
        requireAtLeast("--first-seed", firstSeed, 1);
        List<Long> seedList = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            seedList.add(firstSeed + s);
        }
        err.println("advent demo: " + plan.describe() + (target.name().equals("realistic") ? "" : "; target look " + target.name()));
        err.flush();
        String command = "advent " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        DemoReport.Content content;
        try {
            content = new DemoRun(out, plan, new BarProgress(err), tasks, !noOracle, target, targetNames)
                    .run(seedList, command, AdventCli.version());
        } catch (IllegalArgumentException e) {
            throw usageError("--targets: " + e.getMessage());
        }
        DemoReport.write(out, content);
        PrintWriter stdout = out();
        for (String line : table(content.tracks())) {
            stdout.println(line);
        }
        stdout.println("report: " + out.resolve(DemoReport.HTML).toAbsolutePath());
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * The terminal tables, one per task and target, laid out as a domain-adaptation paper's: per method the target
     * score (mean ± std over seeds) and its gain over source-only paired by seed (with more than one seed: mean and
     * 95 % confidence interval, Student's t over the seeds); the source-only row also shows its score on held-out
     * source scenes; Tent (test-time, from the source-only model) and the other references follow the methods, the
     * oracle (target labels: the upper bound) closes each table.
     */
    static List<String> table(List<DemoTrack> tracks) {
        List<String> lines = new ArrayList<>();
        for (DemoTrack track : tracks) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            int seeds = track.summary(Method.SOURCE_ONLY).seeds();
            lines.add(track.task() + " (" + seeds + (seeds == 1 ? " seed)" : " seeds; gain paired by seed, 95 % CI)"));
            lines.add(String.format(Locale.ROOT, "%-12s  %-16s  %-24s  %s", "method", "target " + track.metric(),
                    "gain", "source " + track.metric()).stripTrailing());
            for (Method method : track.methods()) {
                DemoTrack.Summary source = method == Method.SOURCE_ONLY ? track.sourceDomainSummary() : null;
                String gain = method == Method.SOURCE_ONLY ? "" : gain(track.pairedGain(method));
                lines.add(String.format(Locale.ROOT, "%-12s  %-16s  %-24s  %s", method.cliName(),
                        score(track.summary(method)), gain, source == null ? "" : score(source)).stripTrailing());
            }
            for (DemoTrack.ReferenceRow reference : DemoTrack.ReferenceRow.values()) {
                DemoTrack.Summary s = track.referenceSummary(reference);
                if (s != null) {
                    lines.add(String.format(Locale.ROOT, "%-12s  %-16s  %s", reference.key, score(s),
                            gain(track.pairedGain(reference))).stripTrailing());
                }
            }
        }
        return lines;
    }

    /** A paired gain in points: {@code +1.23}, with more than one seed {@code +1.23 [+0.40, +2.06]}. */
    static String gain(DemoTrack.PairedGain gain) {
        String mean = String.format(Locale.ROOT, "%+.2f", 100 * gain.mean());
        return Double.isNaN(gain.halfWidth()) ? mean
                : String.format(Locale.ROOT, "%s [%+.2f, %+.2f]", mean, 100 * gain.low(), 100 * gain.high());
    }

    private static String score(DemoTrack.Summary s) {
        return s.seeds() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f", 100 * s.mean(), 100 * s.std())
                : String.format(Locale.ROOT, "%.2f", 100 * s.mean());
    }

    /** Progress bars on stderr (plain percentage lines when stderr is not a terminal). */
    private static final class BarProgress implements DemoRun.Progress {
        private final PrintWriter err;
        private AutoCloseable open;

        BarProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public IntConsumer dataBar(String label, int total) {
            ProgressBar bar = new ProgressBar(label, total, 25);
            open = bar;
            return bar::set;
        }

        @Override
        public TrainingRun.Listener trainingBar(String label, long iterations) {
            TrainingProgress bar = new TrainingProgress(label, iterations, 0);
            open = bar;
            return bar;
        }

        @Override
        public void closeBar() {
            if (open != null) {
                try {
                    open.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                open = null;
            }
        }

        @Override
        public void log(String line) {
            closeBar();
            err.println(line);
            err.flush();
        }
    }
}
