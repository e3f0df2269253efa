package io.github.advent.entropy.train;

import io.github.advent.entropy.io.Json;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import io.github.advent.entropy.checkpoint.AtomicFiles;
import io.github.advent.entropy.checkpoint.CheckpointMismatchException;
import io.github.advent.entropy.checkpoint.Checkpoints;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.checkpoint.Provenance;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.optim.Optimizer;
import io.github.advent.entropy.weights.SafetensorsFile;
import io.github.advent.entropy.weights.TensorData;
import io.github.advent.entropy.weights.TensorEntry;
import io.github.advent.entropy.weights.WeightFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run state of an {@link AdaptationTrainer} as one atomic checkpoint: the network (weights
 * and batch-norm statistics), the discriminators, every optimiser buffer, the iteration, the
 * generator state, the config and provenance. Restoring it and stepping on gives the same numbers
 * as a run that never stopped.
 */
public final class TrainerCheckpoint {
    public static final String KIND = "run";

    static final String ITERATION = "iteration";
    static final String RANDOM_STATE = "random_state";
    static final String CONFIG = "config";
    static final String LEVELS = "levels";
    static final String METHOD = "method";

    private static final Gson GSON = Json.COMPACT;
    private static final String DISCRIMINATOR = "discriminator";
    private static final String OPTIMIZER = "optimizer";

    private TrainerCheckpoint() {}

    public static ModelIdentity identity(AdaptationTask task) {
        return new ModelIdentity(task.architecture(), task.numClasses());
    }

    /** Writes the trainer's complete state to {@code file}, atomically. */
    public static void save(AdaptationTrainer trainer, Path file, Provenance provenance) {
        save(trainer, file, provenance, temporary -> {});
    }

    /** As {@link #save(AdaptationTrainer, Path, Provenance)}; {@code beforeRename} runs just before the atomic rename. */
    static void save(AdaptationTrainer trainer, Path file, Provenance provenance, AtomicFiles.Writer beforeRename) {
        Map<String, String> metadata = Checkpoints.header(identity(trainer.task()), KIND, provenance);
        metadata.put(ITERATION, Long.toString(trainer.iteration()));
        metadata.put(RANDOM_STATE, Long.toString(trainer.random().state()));
        metadata.put(METHOD, trainer.config().method().cliName());
        metadata.put(CONFIG, GSON.toJson(trainer.config()));
        metadata.put(LEVELS, GSON.toJson(trainer.levels()));
        List<TensorEntry> entries = new ArrayList<>(Checkpoints.entries(Checkpoints.NETWORK, trainer.task().network()));
        trainer.discriminators().forEach((level, d) -> entries.addAll(Checkpoints.entries(DISCRIMINATOR + "." + level, d)));
        addOptimizer(entries, OPTIMIZER + "." + Checkpoints.NETWORK, trainer.networkOptimizer());
        trainer.discriminatorOptimizers().forEach(
                (level, optimizer) -> addOptimizer(entries, OPTIMIZER + "." + DISCRIMINATOR + "." + level, optimizer));
        Checkpoints.write(file, metadata, entries, beforeRename);
    }

    private static void addOptimizer(List<TensorEntry> entries, String prefix, Optimizer optimizer) {
        optimizer.state().forEach((name, array) -> entries.add(Checkpoints.entry(prefix + "." + name, array)));
    }

    /** The config a run checkpoint was trained with (to rebuild its trainer for {@code --resume}). */
    public static AdaptationConfig config(Path file) {
        Map<String, String> metadata = WeightFiles.readSafetensorsMetadata(file);
        String json = metadata.get(CONFIG);
        if (json == null || !KIND.equals(metadata.get(Checkpoints.Keys.KIND))) {
            throw new BadInputException(file, "not a training-run checkpoint (it holds no optimiser state); "
                    + "use it with --init to start a new run from its weights");
        }
        return GSON.fromJson(json, AdaptationConfig.class);
    }

    /**
     * Restores everything {@link #save} wrote into {@code trainer}, which must have been built for
     * the same task identity and method.
     */
    public static void restore(AdaptationTrainer trainer, Path file) {
        SafetensorsFile contents = Checkpoints.read(file, identity(trainer.task()));
        Map<String, String> metadata = contents.metadata();
        if (!KIND.equals(metadata.get(Checkpoints.Keys.KIND))) {
            throw new CheckpointMismatchException(file, "holds network weights only, not a training run; "
                    + "start a new run from it with --init instead of --resume");
        }
        String method = metadata.get(METHOD);
        if (!trainer.config().method().cliName().equals(method)) {
            throw new CheckpointMismatchException(file, "was written by a " + method + " run; this run is "
                    + trainer.config().method().cliName());
        }
        Map<String, TensorData> tensors = contents.tensors();
        Checkpoints.load(file, "network", Checkpoints.withPrefix(tensors, Checkpoints.NETWORK), trainer.task().network());
        trainer.discriminators().forEach((level, d) -> Checkpoints.load(
                file, "discriminator '" + level + "'", Checkpoints.withPrefix(tensors, DISCRIMINATOR + "." + level), d));
        loadOptimizer(file, tensors, OPTIMIZER + "." + Checkpoints.NETWORK, trainer.networkOptimizer(), trainer.device());
        trainer.discriminatorOptimizers().forEach((level, optimizer) -> loadOptimizer(
                file, tensors, OPTIMIZER + "." + DISCRIMINATOR + "." + level, optimizer, trainer.device()));
        try {
            trainer.resumeAt(Long.parseLong(metadata.get(ITERATION)), Long.parseLong(metadata.get(RANDOM_STATE)));
        } catch (NumberFormatException | NullPointerException e) {
            throw new BadInputException(file, "checkpoint header lacks the iteration or generator state");
        }
    }

    private static void loadOptimizer(Path file, Map<String, TensorData> tensors, String prefix, Optimizer optimizer,
            ai.djl.Device device) {
        Map<String, TensorData> state = Checkpoints.withPrefix(tensors, prefix);
        try (NDManager scratch = NDManager.newBaseManager(device)) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            state.forEach((name, tensor) -> arrays.put(name, tensor.toNDArray(scratch)));
            optimizer.loadState(arrays);
        } catch (IllegalArgumentException e) {
            throw new CheckpointMismatchException(file, prefix.replace('.', ' ') + " state does not fit: " + e.getMessage());
        }
    }
}
