package io.github.advent.tools;

import io.github.advent.entropy.util.MachineFacts;
import io.github.advent.entropy.io.Json;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import ai.djl.engine.Engine;
import io.github.advent.detection.bench.DetectionBench;
import io.github.advent.detection.model.SsdConfig;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.util.BenchResult;
import io.github.advent.tools.Choices.Arch;
import io.github.advent.segmentation.bench.SegmentationBench;
import io.github.advent.segmentation.model.DeepLabConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code advent bench train|infer|adapt|eval}: speed and memory measurements outside the test suite. */
@Command(name = "bench",
        header = "Measure training, inference or evaluation speed on generated data.",
        description = "Needs no dataset: inputs are generated. Reports time per iteration, images per second and"
                + " peak resident memory; the heavy numbers live here, not in the test suite.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Infer.class, BenchCommand.Adapt.class, BenchCommand.Eval.class,
            BenchCommand.GpuCheck.class},
        commandListHeading = "%nCommands:%n",
        footer = {
            "  advent bench train --arch deeplabv2-resnet101 --method advent --iterations 20",
            "  advent bench infer --arch ssd300-vgg16 --json"})
public final class BenchCommand extends AdventCommand.Group {

    /** What every benchmark takes. */
    static final class Options {
        @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "deeplabv2-resnet101",
                converter = Choices.ArchConverter.class,
                description = "deeplabv2-resnet101 or ssd300-vgg16 (default: ${DEFAULT-VALUE})")
        Arch arch;

        @Option(names = "--size", paramLabel = "WxH", converter = ImageSize.Converter.class,
                description = "input size (default: the paper's, 1024x512 for deeplabv2-resnet101, 300x300 for"
                        + " ssd300-vgg16)")
        ImageSize size;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "20",
                description = "timed iterations after warm-up (default: ${DEFAULT-VALUE})")
        long iterations;

        @Option(names = "--json", description = "print the measurements as one JSON object on stdout")
        boolean json;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
                description = "untimed iterations first (default: ${DEFAULT-VALUE})")
        int warmup;

        void validate(AdventCommand command) {
            if (arch.nativeSize() == null) {
                throw command.usageError("--arch " + arch + " is a backbone only; bench deeplabv2-resnet101 or"
                        + " ssd300-vgg16");
            }
            if (arch == Arch.SSD300_VGG16 && size != null && !size.equals(arch.nativeSize())) {
                throw command.usageError("--size: SSD-300 takes 300x300 inputs, not " + size);
            }
            command.requireAtLeast("--iterations", iterations, 1);
            command.requireAtLeast("--warmup", warmup, 0);
        }

        /** The size to run at: --size, else the architecture's own. */
        ImageSize sizeOrDefault() {
            return size != null ? size : arch.nativeSize();
        }
    }

    @Command(name = "train",
            header = "Time training iterations (source-only, MinEnt or AdvEnt) on generated data.",
            description = {"Runs --warmup untimed iterations, then times --iterations full training iterations of"
                + " random images: deeplabv2-resnet101 one source and one target image of --size; ssd300-vgg16 one"
                + " 300x300 source image with four boxes and one target image, at SSD's learning rate, discriminators"
                + " on conv4_3 and conv7.",
                "images per second counts the source and the target image of an iteration."},
            footer = {
                "  advent bench train --arch deeplabv2-resnet101 --method advent --iterations 20",
                "  advent bench train --arch ssd300-vgg16 --method minent --iterations 5 --json"})
    public static final class Train extends ModelBench {
        @Option(names = "--method", paramLabel = "METHOD", defaultValue = "advent",
                converter = Choices.MethodConverter.class,
                description = "source-only, minent or advent (default: ${DEFAULT-VALUE})")
        Method method;

        @Override
        BenchResult detection(int warmup, int iterations, ai.djl.Device on, java.util.function.IntConsumer progress) {
            return DetectionBench.train(SsdConfig.ssd300(), method, warmup, iterations, on, progress);
        }

        @Override
        BenchResult segmentation(ImageSize size, int warmup, int iterations, ai.djl.Device on,
                java.util.function.IntConsumer progress) {
            return SegmentationBench.train(DeepLabConfig.resnet101(19), method, size.width(), size.height(), warmup,
                    iterations, on, progress);
        }
    }

    @Command(name = "infer",
            header = "Time forward passes (prediction) on generated data.",
            description = {"Runs --warmup untimed passes, then times --iterations predictions of random images with"
                + " gradients off: deeplabv2-resnet101 forward at --size and the main logits upsampled and argmaxed;"
                + " ssd300-vgg16 forward at 300x300, then softmax, box decoding and per-class NMS (0.45, confidence"
                + " 0.01, 200 per image).",
                "For SSD, decode share is the part of the time spent decoding and in NMS. An untrained network scores"
                + " every class near 1/9, above the 0.01 threshold, so every class sends its 400 best boxes into NMS:"
                + " the share is an upper bound of a trained network's."},
            footer = {
                "  advent bench infer --arch deeplabv2-resnet101 --size 2048x1024",
                "  advent bench infer --arch ssd300-vgg16 --iterations 100 --json"})
    public static final class Infer extends ModelBench {
        @Override
        BenchResult detection(int warmup, int iterations, ai.djl.Device on, java.util.function.IntConsumer progress) {
            return DetectionBench.infer(SsdConfig.ssd300(), warmup, iterations, on, progress);
        }

        @Override
        BenchResult segmentation(ImageSize size, int warmup, int iterations, ai.djl.Device on,
                java.util.function.IntConsumer progress) {
            return SegmentationBench.infer(DeepLabConfig.resnet101(19), size.width(), size.height(), warmup, iterations,
                    on, progress);
        }
    }

    @Command(name = "adapt",
            header = "Time test-time adaptation (Tent, as 'advent adapt' does it) against plain prediction.",
            description = {"Per random image: its plain prediction (as 'bench infer'), then Tent's step on it (one Adam"
                + " step on the prediction entropy, batch norm with the image's statistics; SSD: L2Norm's scale) and its"
                + " prediction with the updated model; --warmup untimed, then --iterations timed. Reports adapt's median"
                + " seconds per image, inference's (infer_median_seconds) and their ratio (adapt_over_infer), measured"
                + " alternately in one process; peak RSS is the process's, adaptation included."},
            footer = {
                "  advent bench adapt --arch deeplabv2-resnet101 --iterations 5",
                "  advent bench adapt --arch ssd300-vgg16 --iterations 20 --json"})
    public static final class Adapt extends ModelBench {
        @Override
        BenchResult detection(int warmup, int iterations, ai.djl.Device on, java.util.function.IntConsumer progress) {
            return DetectionBench.adapt(SsdConfig.ssd300(), warmup, iterations, on, progress);
        }

        @Override
        BenchResult segmentation(ImageSize size, int warmup, int iterations, ai.djl.Device on,
                java.util.function.IntConsumer progress) {
            return SegmentationBench.adapt(DeepLabConfig.resnet101(19), size.width(), size.height(), warmup, iterations,
                    on, progress);
        }
    }

    /** A benchmark of one of the two networks, chosen by --arch, on --device. */
    abstract static class ModelBench extends AdventCommand {
        @Mixin
        Options options;

        @Mixin
        CommonOptions.Device device;

        abstract BenchResult detection(int warmup, int iterations, ai.djl.Device on, java.util.function.IntConsumer progress);

        abstract BenchResult segmentation(ImageSize size, int warmup, int iterations, ai.djl.Device on,
                java.util.function.IntConsumer progress);

        @Override
        public Integer call() {
            return measure(this, options, (size, warmup, iterations, progress) -> options.arch == Arch.SSD300_VGG16
                    ? detection(warmup, iterations, Devices.resolve(device.device), progress)
                    : segmentation(size, warmup, iterations, Devices.resolve(device.device), progress));
        }
    }

    @Command(name = "gpu-check",
            header = "Train both networks on the GPU and on the CPU from the same seed; compare losses and speed.",
            description = {"Runs --iterations AdvEnt iterations of DeepLab-V2 ResNet-101 (at --size, default 512x256) and"
                + " of SSD-300 on the CPU and then on the GPU, from the same seed and the same generated images, and"
                + " compares every loss of every iteration: they must agree to --tolerance (relative). Prints seconds"
                + " per iteration on both. Exit 0 when every loss agrees, 1 when one does not or no GPU is usable.",
                "Needs a CUDA libtorch 2.7.1 (ADVENT_LIBTORCH, see 'advent engine'); tools/gpu-check.sh runs it."},
            footer = {"  ADVENT_LIBTORCH=$HOME/venv/lib/python3.11/site-packages/torch/lib advent bench gpu-check"})
    public static final class GpuCheck extends AdventCommand {
        @Option(names = "--iterations", paramLabel = "N", defaultValue = "20",
                description = "AdvEnt iterations per network and device (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--size", paramLabel = "WxH", converter = ImageSize.Converter.class, defaultValue = "512x256",
                description = "DeepLab-V2's input size (default: ${DEFAULT-VALUE})")
        ImageSize size;

        @Option(names = "--tolerance", paramLabel = "R", defaultValue = "1e-3",
                description = "largest relative difference of any loss (default: ${DEFAULT-VALUE})")
        double tolerance;

        @Override
        public Integer call() {
            requireAtLeast("--iterations", iterations, 1);
            ai.djl.Device gpu = Devices.resolve(Choices.DeviceChoice.GPU); // no GPU: one line saying what is missing
            PrintWriter out = out();
            boolean agree = true;
            for (Arch arch : new Arch[] {Arch.DEEPLABV2_RESNET101, Arch.SSD300_VGG16}) {
                BenchResult cpu = train(arch, ai.djl.Device.cpu());
                BenchResult onGpu = train(arch, gpu);
                LossAgreement agreement = LossAgreement.of(losses(cpu), losses(onGpu));
                agree &= agreement.within(tolerance);
                out.printf(Locale.ROOT, "%s at %dx%d, %d AdvEnt iterations: CPU %.3f s, GPU %.3f s per iteration (%.1fx);"
                        + " losses %s to %.2e relative (worst: %s, iteration %d; tolerance %.0e)%n", arch, cpu.width(),
                        cpu.height(), iterations, cpu.medianSeconds(), onGpu.medianSeconds(),
                        cpu.medianSeconds() / onGpu.medianSeconds(), agreement.within(tolerance) ? "agree" : "DIFFER",
                        agreement.worstRelative(), agreement.worstLoss(), agreement.worstIteration() + 1, tolerance);
                out.flush();
            }
            return agree ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }

        @SuppressWarnings("unchecked")
        private static java.util.List<Map<String, Double>> losses(BenchResult result) {
            return (java.util.List<Map<String, Double>>) result.extra().get(BenchResult.LOSSES);
        }

        private BenchResult train(Arch arch, ai.djl.Device device) {
            try (ProgressBar bar = new ProgressBar("gpu-check " + arch + " on " + device, iterations)) {
                return arch == Arch.SSD300_VGG16
                        ? DetectionBench.train(SsdConfig.ssd300(), Method.ADVENT, 0, iterations, device, bar::set)
                        : SegmentationBench.train(DeepLabConfig.resnet101(19), Method.ADVENT, size.width(), size.height(),
                                0, iterations, device, bar::set);
            }
        }
    }

    /** One model measurement: the size, warm-up and timed counts, and a progress callback. */
    @FunctionalInterface
    interface Measurement {
        BenchResult run(ImageSize size, int warmup, int iterations, java.util.function.IntConsumer progress);
    }

    /** Checks the options, runs {@code measurement} under a progress bar and reports it. */
    private static int measure(AdventCommand command, Options options, Measurement measurement) {
        options.validate(command);
        CommandSpec spec = command.spec;
        BenchResult result;
        try (ProgressBar bar = new ProgressBar(spec.qualifiedName(" "), options.warmup + options.iterations)) {
            result = measurement.run(options.sizeOrDefault(), options.warmup, Math.toIntExact(options.iterations),
                    bar::set);
        }
        return report(spec, result, options.json);
    }

    /** One line for people, or one JSON object (--json) for scripts. */
    private static int report(CommandSpec spec, BenchResult r, boolean json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", r.mode());
        out.put("architecture", r.architecture());
        if (!r.method().isEmpty()) {
            out.put("method", r.method());
        }
        out.put("size", r.width() + "x" + r.height());
        out.put("iterations", r.iterations());
        out.put("median_seconds", r.medianSeconds());
        out.put("images_per_iteration", r.imagesPerIteration());
        out.put("images_per_second", r.imagesPerSecond());
        out.put("seconds", r.seconds());
        out.put("peak_rss_mb", Math.round(r.peakRssBytes() / 1048576.0 * 10) / 10.0);
        out.putAll(r.extra());
        out.put("threads", r.threads());
        out.put("device", r.device());
        out.put("engine", "DJL " + Engine.getDjlVersion() + " / PyTorch " + Engine.getInstance().getVersion());
        out.put("onednn_max_cpu_isa", String.valueOf(System.getenv("ONEDNN_MAX_CPU_ISA")));
        out.put("glibc_tunables", String.valueOf(System.getenv("GLIBC_TUNABLES")));
        out.put("machine", MachineFacts.current().toMap());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.COMPACT.toJson(out));
        } else {
            stdout.printf(Locale.ROOT, "%s %s%s at %dx%d: median %.3f s per %s over %d (%.2f images/s), peak RSS %.0f MB%s%s%n",
                    r.mode(), r.architecture(), r.method().isEmpty() ? "" : " " + r.method(), r.width(), r.height(),
                    r.medianSeconds(),
                    r.mode().equals("train") ? "iteration" : "image", r.iterations(), r.imagesPerSecond(),
                    r.peakRssBytes() / 1048576.0, r.extra().get("decode_share") instanceof Double share
                            ? String.format(Locale.ROOT, ", decode + NMS %.1f %% of the time", 100 * share)
                            : r.extra().get("adapt_over_infer") instanceof Double ratio
                                    ? String.format(Locale.ROOT, "; plain prediction %.3f s, adapt / infer %.2fx",
                                            (Double) r.extra().get("infer_median_seconds"), ratio) : "",
                    r.extra().get(BenchResult.RECOMPUTED) instanceof Long passes && passes > 0
                            ? ", " + passes + " non-finite passes recomputed" : "");
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    @Command(name = "eval",
            header = "Time the metrics (mIoU for deeplabv2-resnet101, AP for ssd300-vgg16) on generated predictions.",
            description = {
                "No network runs. deeplabv2-resnet101: --iterations label / prediction PNG pairs (2048x1024 unless",
                "--size) are generated in the Cityscapes layout, then 'advent evaluate segmentation --predictions'",
                "is timed on them in this process. ssd300-vgg16: COCO ground truth and detections for --iterations",
                "images are generated and 'advent evaluate detection' is timed with each metric. Reports seconds",
                "per image, images per second and the peak resident memory (VmHWM) of the timed run."},
            footer = {
                "  advent bench eval --arch deeplabv2-resnet101 --size 2048x1024 --iterations 500",
                "  advent bench eval --iterations 100 --keep /tmp/bench-data --json",
                "  advent bench eval --arch ssd300-vgg16 --json"})
    public static final class Eval extends AdventCommand {
        @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "deeplabv2-resnet101",
                converter = Choices.ArchConverter.class,
                description = "deeplabv2-resnet101 (mIoU) or ssd300-vgg16 (detection AP) (default: ${DEFAULT-VALUE})")
        Arch arch;

        @Option(names = "--size", paramLabel = "WxH", converter = ImageSize.Converter.class,
                description = "label size (default: 2048x1024, Cityscapes' full resolution)")
        ImageSize size;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "500",
                description = "images to generate and score (default: ${DEFAULT-VALUE}, Cityscapes val)")
        long iterations;

        @Option(names = "--threads", paramLabel = "N",
                description = "threads decoding and counting (default: one per core)")
        Integer threads;

        @Option(names = "--keep", paramLabel = "DIR",
                description = "generate into DIR (new or empty) and keep it, e.g. to time the Cityscapes"
                        + " script on the same files (eval/bench/time_cityscapes_python.py)")
        Path keep;

        @Option(names = "--json", description = "print the measurements as one JSON object on stdout")
        boolean json;

        @Option(names = "--spark", paramLabel = "MASTER",
                description = "deeplabv2-resnet101: also time the same evaluation with --spark MASTER (e.g. local[2])"
                        + " and report the ratio to the single process")
        String spark;

        @Override
        public Integer call() {
            if (spark != null && arch == Arch.SSD300_VGG16) {
                throw usageError("--spark times the segmentation evaluation (deeplabv2-resnet101); detection AP is"
                        + " computed on one machine");
            }
            if (arch.nativeSize() == null) {
                throw usageError("--arch " + arch + " is a backbone only; bench deeplabv2-resnet101 or ssd300-vgg16");
            }
            requireAtLeast("--iterations", iterations, 1);
            if (iterations > 100_000) {
                throw usageError("--iterations must be at most 100000, got " + iterations);
            }
            if (threads != null) {
                requireAtLeast("--threads", threads, 1);
            }
            ImageSize labelSize = size != null ? size : new ImageSize(2048, 1024);
            int n = (int) iterations;
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            JsonObject result = arch == Arch.SSD300_VGG16
                    ? EvalBenchDetection.run(n, labelSize.width(), labelSize.height(), keep)
                    : EvalBenchSegmentation.run(n, labelSize.width(), labelSize.height(), t, keep, spark);
            result.add("machine", Json.COMPACT.toJsonTree(MachineFacts.current().toMap()));
            if (json) {
                out().println(Json.builder().serializeNulls().setPrettyPrinting().create().toJson(result));
            } else {
                for (Map.Entry<String, JsonElement> e : result.entrySet()) {
                    out().println(e.getKey().replace('_', ' ') + ": " + (e.getValue().isJsonPrimitive()
                            && e.getValue().getAsJsonPrimitive().isNumber()
                            ? format(e.getValue().getAsDouble()) : e.getValue().toString()));
                }
            }
            out().flush();
            return ExitCodes.OK;
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                    : String.format(java.util.Locale.ROOT, "%.4g", v);
        }
    }
}
