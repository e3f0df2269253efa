package io.github.advent.tools;

import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.tools.demo.DemoPlan;
import io.github.advent.tools.demo.DemoReport;
import io.github.advent.tools.demo.DemoRun;
import io.github.advent.tools.demo.DomainStyle;
import io.github.advent.tools.demo.DemoTrack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            "Generates two procedural street domains (a labelled synthetic source, an unlabelled realistic and",
            "foggy target), trains a small DeepLab-V2 and a small SSD-300 source-only, with MinEnt and with AdvEnt",
            "on CPU, scores them on held-out target scenes (mIoU; VOC07 mAP@0.5) beside an oracle (the same network",
            "trained on labelled target scenes) and the source-only model's score on held-out source scenes, and writes DIR/index.html and",
            "DIR/report.json. Needs no dataset and no download; about 5 minutes on 2 cores (--quick: under a",
            "minute, too short to show gains). Rerunning replaces DIR's data/, runs/ and samples/."},
        footer = {
            "  advent demo",
            "  advent demo --quick --out /tmp/demo",
            "  advent demo --seeds 3 --out demo-report"})
public final class DemoCommand extends AdventCommand {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-report",
            description = "folder for the report, the generated data and the runs (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "repeat each run with N seeds and report mean and spread (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--quick", description = "a smaller, faster run (a smoke test of the installation)")
    boolean quick;

    // developer options for short experiments (hidden: a newcomer's demo needs none of them)
    @Option(names = "--tasks", split = ",", hidden = true, description = "run only these tasks (segmentation,detection)")
    List<String> tasks = DemoRun.TASKS;

    @Option(names = "--detection-settings", hidden = true,
            description = "replace detection settings, e.g. pretrain=2000,lr=0.003 (see DemoPlan.Detection#with)")
    String detectionSettings;

    @Option(names = "--tent-settings", hidden = true,
            description = "replace the test-time row's settings, e.g. steps=0 (batch statistics alone) or lr=0.01")
    String tentSettings;

    @Option(names = "--no-oracle", hidden = true, description = "skip the oracles")
    boolean noOracle;

    @Option(names = "--validation-scenes", hidden = true, paramLabel = "N",
            description = "held-out scenes per domain instead of the plan's (less evaluation noise, slower)")
    Integer validationScenes;

    @Option(names = "--target-look", hidden = true, paramLabel = "LOOK",
            description = "realistic (default) or source-palette (the source's colours and camera, the target's degradations)")
    String targetLook = "realistic";

    @Override
    public Integer call() {
        requireAtLeast("--seeds", seeds, 1);
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
        List<Long> seedList = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            seedList.add((long) s);
        }
        PrintWriter err = err();
        err.println("advent demo: " + plan.describe() + (target.name().equals("realistic") ? "" : "; target look " + target.name()));
        err.flush();
        String command = "advent " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        DemoReport.Content content = new DemoRun(out, plan, new BarProgress(err), tasks, !noOracle, target).run(seedList, command, AdventCli.version());
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
     * The terminal table, laid out as a domain-adaptation paper's: per method, each task's target score
     * (mean ± std over seeds) and gain over source-only; the source-only row also shows its score on held-out
     * source scenes; Tent (test-time, from the source-only model) follows the methods, and the oracle row (target
     * labels: the upper bound) closes the table.
     */
    static List<String> table(List<DemoTrack> tracks) {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s", "method"));
        for (DemoTrack track : tracks) {
            header.append(String.format(Locale.ROOT, "  %-24s %7s  %-16s", "target " + track.metric() + " (%)", "gain",
                    "source " + track.metric()));
        }
        lines.add(header.toString().stripTrailing());
        for (Method method : tracks.get(0).methods()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s", method.cliName()));
            for (DemoTrack track : tracks) {
                DemoTrack.Summary source = method == Method.SOURCE_ONLY ? track.sourceDomainSummary() : null;
                String gain = method == Method.SOURCE_ONLY ? "" : String.format(Locale.ROOT, "%+.2f", 100 * track.gain(method));
                row.append(String.format(Locale.ROOT, "  %-24s %7s  %-16s", score(track.summary(method)), gain,
                        source == null ? "" : score(source)));
            }
            lines.add(row.toString().stripTrailing());
        }
        for (DemoTrack.ReferenceRow reference : DemoTrack.ReferenceRow.values()) {
            if (tracks.stream().noneMatch(t -> t.referenceSummary(reference) != null)) {
                continue;
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s", reference.key));
            for (DemoTrack track : tracks) {
                DemoTrack.Summary s = track.referenceSummary(reference);
                String gain = s == null ? ""
                        : String.format(Locale.ROOT, "%+.2f", 100 * (s.mean() - track.summary(Method.SOURCE_ONLY).mean()));
                row.append(String.format(Locale.ROOT, "  %-24s %7s  %-16s", s == null ? "" : score(s), gain, ""));
            }
            lines.add(row.toString().stripTrailing());
        }
        return lines;
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
