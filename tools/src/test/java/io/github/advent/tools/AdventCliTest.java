package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.tools.CliRunner.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class AdventCliTest {

    /** Every command path of the contract in docs/ARCHITECTURE.md. */
    static final List<String> CONTRACT = List.of(
            "demo", "train", "train segmentation", "train detection", "evaluate", "evaluate segmentation",
            "evaluate detection", "predict", "import-weights", "fog", "bench", "bench train", "bench infer",
            "bench eval");

    static final String[] SEG_DATA = {"--source", "gta5=/x", "--target", "cityscapes=/y", "--out", "/tmp/r"};
    static final String[] DET_DATA = {"--source", "cityscapes=/x", "--target", "foggy-cityscapes=/y", "--out", "/tmp/r"};

    static String[] args(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.addAll(Arrays.asList(first.split(" ")));
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void topLevelHelpListsEveryContractCommandAndTheExitCodes() {
        Result r = CliRunner.run("--help");
        assertEquals(0, r.code(), r::toString);
        for (String top : List.of("demo", "train", "evaluate", "predict", "import-weights", "fog", "bench")) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(top + " ")), () -> top + " missing:\n" + r);
        }
        for (String code : List.of("0  success", "1  bad input", "2  usage error", "4  internal error")) {
            assertTrue(r.out().contains(code), () -> code + " missing:\n" + r);
        }
    }

    @Test
    void everyContractCommandExistsAndItsHelpShowsAnExample() {
        CommandLine root = AdventCli.newCommandLine(false);
        for (String path : CONTRACT) {
            CommandLine cmd = root;
            for (String name : path.split(" ")) {
                cmd = cmd.getSubcommands().get(name);
                assertTrue(cmd != null, () -> "no command 'advent " + path + "'");
            }
            Result r = CliRunner.run(args(path, "--help"));
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("advent " + path + " ")
                    || l.strip().equals("advent " + path)), () -> "no example for 'advent " + path + "':\n" + r);
            assertTrue(r.out().lines().allMatch(l -> l.length() <= 100), () -> "line over 100 columns:\n" + r);
            assertTrue(!r.out().contains(System.lineSeparator().repeat(3)), () -> "two blank lines:\n" + r);
        }
    }

    @Test
    void noArgumentsPrintsTheUsageOnStderrAndExits2() {
        Result r = CliRunner.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Usage: advent"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void versionPrintsTheVersion() {
        Result r = CliRunner.run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("advent " + AdventCli.version()), r::toString);
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(args("frobnicate"), "unknown command 'frobnicate' (see 'advent --help')"),
                Arguments.of(args("trian"), "unknown command 'trian'; did you mean 'train'?"),
                Arguments.of(args("train segmentation --methd advent", SEG_DATA),
                        "unknown option '--methd'; did you mean '--method'?"),
                Arguments.of(args("train segmentation --method advent --foo", SEG_DATA),
                        "unknown option '--foo' (see 'advent train segmentation --help')"),
                Arguments.of(args("train segmentation --method advnet", SEG_DATA),
                        "unknown method 'advnet'; known: source-only, minent, advent"),
                Arguments.of(args("train segmentation --method advent --source gta5=/x --target cityscape=/y --out r"),
                        "unknown dataset 'cityscape'; known: acdc, cityscapes, coco, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city"),
                Arguments.of(args("train segmentation --method advent --source gta5=/x --target cityscapes --out r"),
                        "dataset 'cityscapes' needs a root folder"),
                Arguments.of(args("train segmentation --method advent --source coco=/x --target cityscapes=/y"
                        + " --out r"), "--source: 'coco' cannot be a segmentation source (it provides no segmentation labels there); kinds that"
                        + " can: acdc, cityscapes, dark-zurich, foggy-cityscapes, folder, gta5, synthia, toy-city"),
                Arguments.of(args("train segmentation --method advent --entropy-ranking 0.3", SEG_DATA),
                        "--entropy-ranking is a MinEnt option; it needs --method minent, not advent"),
                Arguments.of(args("train segmentation --method minent --entropy-ranking 1.5", SEG_DATA),
                        "--entropy-ranking must be in (0, 1]"),
                Arguments.of(args("train segmentation --method minent --iterations 0", SEG_DATA),
                        "--iterations must be at least 1"),
                Arguments.of(args("train segmentation --method minent --device tpu", SEG_DATA),
                        "unknown device 'tpu'; known: cpu, gpu"),
                Arguments.of(args("train segmentation --method advent --source gta5=/x --target cityscapes=/y"),
                        "missing required option '--out'"),
                Arguments.of(args("train segmentation --source gta5=/x --out r"),
                        "missing required options '--method', '--target'"),
                Arguments.of(args("train segmentation --method", SEG_DATA), "--method"),
                Arguments.of(args("train detection --method advent --source gta5=/x --target foggy-cityscapes=/y"
                        + " --out r"), "--source: 'gta5' cannot be a detection source (it provides no boxes there); kinds that can: cityscapes,"
                        + " coco, foggy-cityscapes, folder"),
                Arguments.of(args("train"), "missing subcommand; choose one of: segmentation, detection"),
                Arguments.of(args("train detection --method minent --discriminate conv4_3", DET_DATA),
                        "--discriminate is an AdvEnt option; it needs --method advent, not minent"),
                Arguments.of(args("train detection --method advent --discriminate conv4_3,conv5_3", DET_DATA),
                        "--discriminate: unknown feature map 'conv5_3'; known: conv4_3, conv7, conv8_2"),
                Arguments.of(args("train detection --method advent --arch ssd300-vgg19", DET_DATA),
                        "--arch: not an SSD architecture name: 'ssd300-vgg19'"),
                Arguments.of(args("train detection --method advent --batch-size 0", DET_DATA),
                        "--batch-size must be at least 1, got 0"),
                Arguments.of(args("train detection --method advent --lr -1", DET_DATA),
                        "--lr must be a positive number"),
                Arguments.of(args("train detection --method advent --source cityscapes=/x,size=64x32"
                        + " --target foggy-cityscapes=/y --out r"), "--source: option 'size' of dataset 'cityscapes'"
                        + " does not apply to detection; it takes boxes, list, min-size, split"),
                Arguments.of(args("train detection --method advent --source cityscapes=/x,boxes=lines"
                        + " --target foggy-cityscapes=/y --out r"), "--source: dataset 'cityscapes': option 'boxes': "),
                Arguments.of(args("train segmentation --method advent --source gta5=/x"
                        + " --target cityscapes=/y,boxes=polygons --out r"), "--target: option 'boxes' of dataset"
                        + " 'cityscapes' does not apply to segmentation; it takes classes, list, size, size-mismatch,"
                        + " split, unpaired"),
                Arguments.of(args("evaluate detection --dataset cityscapes=/c --detections d --results r.json"),
                        "--results writes the detections of a --checkpoint"),
                Arguments.of(args("evaluate detection --dataset cityscapes=/c,split=val --split train --checkpoint c"),
                        "--split train contradicts --dataset's split=val"),
                Arguments.of(args("evaluate detection --dataset cityscapes=/c,size=300x300 --checkpoint c"),
                        "--dataset: option 'size' of dataset 'cityscapes' does not apply to detection"),
                Arguments.of(args("evaluate detection --ground-truth g --detections d --split val"),
                        "--split chooses the images of a --dataset"),
                Arguments.of(args("bench infer --arch ssd300-vgg16 --size 512x512"),
                        "--size: SSD-300 takes 300x300 inputs, not 512x512"),
                Arguments.of(args("train segmentation --method advent --target foggy-cityscapes=/y,beta=0.03"
                        + " --source gta5=/x --out r"), "beta must be one of 0.005, 0.01, 0.02"),
                Arguments.of(args("evaluate segmentation --dataset cityscapes=/c --checkpoint a --predictions b"),
                        "--checkpoint and --predictions are mutually exclusive (give only one)"),
                Arguments.of(args("evaluate segmentation --dataset cityscapes=/c --checkpoint a --checkpoint-dir b"
                        + " --wait"), "--checkpoint and --checkpoint-dir are mutually exclusive (give only one)"),
                Arguments.of(args("evaluate segmentation --dataset cityscapes=/c"),
                        "give one of --checkpoint, --predictions, --checkpoint-dir"),
                Arguments.of(args("evaluate segmentation --dataset cityscapes=/c --wait"),
                        "--wait needs --checkpoint-dir"),
                Arguments.of(args("evaluate segmentation --dataset cityscapes=/c --predictions p --predictions q"),
                        "option '--predictions' should be specified only once"),
                Arguments.of(args("evaluate segmentation --dataset cityscapes=/c --checkpoint a:0"),
                        "checkpoint weight must be a positive number"),
                Arguments.of(args("evaluate detection --dataset foggy-cityscapes=/c --checkpoint a --detections b"),
                        "--checkpoint and --detections are mutually exclusive"),
                Arguments.of(args("evaluate detection --ground-truth gt.json --dataset cityscapes=/c --detections d"),
                        "--ground-truth and --dataset are mutually exclusive"),
                Arguments.of(args("evaluate detection --ground-truth gt.json"), "--ground-truth needs --detections"),
                Arguments.of(args("evaluate detection --checkpoint c"), "missing required option '--dataset'"),
                Arguments.of(args("evaluate detection --ground-truth g --detections d --metric map"),
                        "unknown metric 'map'; known: voc07, voc, coco50"),
                Arguments.of(args("import-weights --arch vgg16 --out o"), "missing required argument FILE"),
                Arguments.of(args("import-weights w.pth --arch resnet50 --out o"),
                        "unknown architecture 'resnet50'; known: deeplabv2-resnet101, ssd300-vgg16, vgg16"),
                Arguments.of(args("import-weights a.pth b.pth --arch vgg16 --out o"), "unexpected argument 'b.pth'"),
                Arguments.of(args("fog --cityscapes c --beta 0.03 --out o"), "beta must be one of 0.005, 0.01, 0.02"),
                Arguments.of(args("bench train --size 1024"), "bad size '1024': write WIDTHxHEIGHT, e.g. 1024x512"),
                Arguments.of(args("bench infer --size 0x512"), "bad size '0x512'"),
                Arguments.of(args("bench eval --arch vgg16"), "vgg16 is a backbone only"),
                Arguments.of(args("bench"), "missing subcommand; choose one of: train, infer, adapt, eval"),
                Arguments.of(args("adapt --target cityscapes=/c --out o"), "missing required option '--checkpoint'"),
                Arguments.of(args("adapt --checkpoint c --target cityscapes=/c --out o --steps -1"),
                        "--steps must be at least 0, got -1"),
                Arguments.of(args("adapt --checkpoint c --target sepia=/c --out o"), "unknown dataset 'sepia'; known: acdc, cityscapes"),
                Arguments.of(args("demo --seeds 0"), "--seeds must be at least 1"),
                Arguments.of(args("demo --seeds many"), "invalid value for option '--seeds': 'many' is not an int"),
                Arguments.of(args("-x"), "unknown option '-x' (see 'advent --help')"),
                Arguments.of(args("help frob"), "unknown subcommand 'frob' (see 'advent --help')"),
                Arguments.of(args("predict --checkpoint c --input i --out o --out p"),
                        "option '--out' (DIR) should be specified only once"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExit2WithOneLine(String[] argv, String expected) {
        Result r = CliRunner.run(argv);
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), () -> "expected one line:\n" + r);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("advent: "), r::toString);
        assertTrue(line.contains(expected), () -> "expected '" + expected + "':\n" + r);
        assertTrue(line.endsWith(" --help')"), r::toString);
        assertEquals("", r.out(), r::toString);
    }


    @Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        private final Throwable failure;

        Explode(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }
    }

    static Result runFailing(boolean debug, Throwable failure) {
        return CliRunner.run(debug, cli -> cli.addSubcommand("explode", new Explode(failure)), "explode");
    }

    @Test
    void badInputExits1WithTheFileAndProblemOnOneLine() {
        Result r = runFailing(false, new BadInputException(Path.of("data/gta5/labels/00001.png"), "not a PNG file"));
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("advent: data/gta5/labels/00001.png: not a PNG file"), r.errLines());
    }

    @Test
    void illegalArgumentDuringExecutionIsBadInput() {
        Result r = runFailing(false, new IllegalArgumentException("beta must be one of 0.005, 0.01, 0.02"));
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("advent: beta must be one of 0.005, 0.01, 0.02"), r.errLines());
    }

    @Test
    void otherFailuresAreInternalErrorsOnOneLine() {
        Result r = runFailing(false, new IllegalStateException("engine\nexploded"));
        assertEquals(4, r.code(), r::toString);
        assertEquals(List.of("advent: internal error: java.lang.IllegalStateException: engine; exploded"
                + " (set ADVENT_DEBUG=1 for the stack trace)"), r.errLines());
    }

    @Test
    void debugAddsTheStackTrace() {
        Result r = runFailing(true, new IllegalStateException("boom"));
        assertEquals(4, r.code(), r::toString);
        assertEquals("advent: internal error: java.lang.IllegalStateException: boom", r.errLines().get(0));
        assertTrue(r.err().contains("\tat "), r::toString);
    }

    @Test
    void errorsThrownByCommandsAreInternalErrors() {
        Result r = runFailing(false, new UnsatisfiedLinkError("no torch in java.library.path"));
        assertEquals(4, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("advent: internal error: java.lang.UnsatisfiedLinkError: no torch"), r::toString);
    }

    @Test
    void runtimeIsConfiguredOfflineAndQuiet() {
        String offline = System.getProperty("ai.djl.offline");
        AdventCli.configureRuntime();
        assertEquals(offline == null ? "true" : offline, System.getProperty("ai.djl.offline"));
        assertEquals("false", System.getProperty("ai.djl.pytorch.graph_optimizer"));
        assertEquals("warn", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
    }
}
