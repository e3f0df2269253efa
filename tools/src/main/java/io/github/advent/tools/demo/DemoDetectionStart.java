package io.github.advent.tools.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.advent.detection.model.Ssd300;
import io.github.advent.detection.model.SsdWeights;
import io.github.advent.entropy.checkpoint.NetworkCheckpoints;
import io.github.advent.entropy.checkpoint.Provenance;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.train.Method;
import io.github.advent.entropy.train.TrainingRun;
import io.github.advent.eval.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The source-only detector every detection method of the demo continues: the demo's SSD trained on the synthetic
 * source far longer than a demo could ({@link DemoPlan#DETECTION_START}), shipped inside advent with its SHA-256,
 * and the command that makes it again, byte for byte on the same kind of machine ({@code advent demo
 * --make-detection-start FILE}). Starting every seed from it leaves the methods' own training as the only thing that
 * varies between seeds: trained per seed, the start's own spread (5-7 mAP) hid any effect of adaptation.
 */
public final class DemoDetectionStart {
    /** Where the start lives on the class path, and its name in a run folder. */
    static final String RESOURCE = "/demo/detection-start.safetensors";
    static final String FILE = "detection-start.safetensors";
    /** SHA-256 of the shipped file. */
    static final String SHA256 = "500c10eb99df1eddd00ab59e3f8be4a558e8bbb8b5a0648e2e6babe861c9e056";
    /** The command that makes it. */
    public static final String COMMAND = "advent demo --make-detection-start";

    private DemoDetectionStart() {}

    /** Copies the shipped start into {@code folder} and checks its SHA-256; the copy. */
    static Path extract(Path folder) {
        Path file = folder.resolve(FILE);
        try (InputStream in = DemoDetectionStart.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo's detection start " + RESOURCE + " is missing from advent's"
                        + " class path; rebuild advent, or make it with '" + COMMAND + " FILE'");
            }
            Files.createDirectories(folder);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the demo's detection start to " + file, e);
        }
        return verify(file, SHA256);
    }

    /** {@code file}, once its SHA-256 is {@code expected}; else bad input naming both and how to make the file again. */
    static Path verify(Path file, String expected) {
        String sha = Sha256.of(file);
        if (!sha.equals(expected)) {
            throw new BadInputException(file, "the demo's detection start is damaged: SHA-256 " + sha + ", expected "
                    + expected + " (rebuild advent, or make it again with '" + COMMAND + " FILE')");
        }
        return file;
    }

    /**
     * Makes the start as the shipped one was made: generates the recipe's source scenes (the demo's own are the first
     * of them), trains the plan's network on them source-only with the recipe's settings, and writes its weights to
     * {@code file} with a provenance that carries no date. Scratch data go to {@code file}'s folder and are removed.
     *
     * @return the new file's SHA-256
     */
    public static String make(Path file, DemoPlan plan, DemoRun.Progress progress) {
        return make(file, plan, DemoPlan.DETECTION_START, progress);
    }

    /** As above with another recipe (tests make small ones). */
    static String make(Path file, DemoPlan plan, DemoPlan.DetectionStart recipe, DemoRun.Progress progress) {
        Path work = file.toAbsolutePath().resolveSibling(file.getFileName() + ".work");
        DemoRun.deleteTree(work);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        DemoData.Spec spec = new DemoData.Spec(plan.width(), plan.height(), recipe.sourceScenes(), 0, 0, DemoRun.DATA_SEED);
        DemoData.Domains data = DemoData.write(work.resolve("data"), spec, DomainStyle.synthetic(), DomainStyle.realistic(),
                DomainStyle.fog(), progress.dataBar("generating source scenes", DemoData.sceneCount(spec)));
        progress.closeBar();
        DemoPlan.Detection settings = plan.detection().with(String.format(Locale.ROOT, "pretrain=%d,lr=%s,batch=%d",
                recipe.iterations(), recipe.learningRate(), recipe.batchSize()));
        DemoDetection task = new DemoDetection(data, plan.withDetection(settings));
        TrainingRun.Listener bar = progress.trainingBar("detection start", recipe.iterations());
        DemoTask.Trained trained = task.train(Method.SOURCE_ONLY, data.source(), null, null, recipe.iterations(),
                recipe.seed(), work.resolve("run"), (losses, seconds) -> {
                    bar.iterationDone(losses, seconds);
                    if (losses.iteration() + 1 == recipe.iterations()) {
                        progress.closeBar();
                    }
                });
        progress.log("recomputed passes: " + trained.recomputed());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Ssd300 network = SsdWeights.fromCheckpoint(manager, trained.checkpoint());
            NetworkCheckpoints.write(file, network.config().identity(), network,
                    Provenance.current(COMMAND + " (" + describe(recipe) + ")").undated());
        }
        DemoRun.deleteTree(work);
        return Sha256.of(file);
    }

    /** The recipe in words. */
    static String describe(DemoPlan.DetectionStart recipe) {
        return String.format(Locale.ROOT, "%d source scenes, %d iterations of %d images, lr %s poly, seed %d",
                recipe.sourceScenes(), recipe.iterations(), recipe.batchSize(), recipe.learningRate(), recipe.seed());
    }
}
