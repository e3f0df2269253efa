package io.github.advent.tools.fog;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Foggy Cityscapes from Cityscapes: for every {@code leftImg8bit/{split}/{city}/{stem}_leftImg8bit.png}
 * with {@code disparity/{split}/{city}/{stem}_disparity.png} and
 * {@code camera/{split}/{city}/{stem}_camera.json}, writes
 * {@code leftImg8bit_foggy/{split}/{city}/{stem}_leftImg8bit_foggy_beta_{beta}.png} under the output
 * root, named exactly as the official release.
 *
 * <p>{@link #frames()} finds the images and checks, before anything is written, that each has its
 * disparity and camera file, that every camera file reads and that every disparity has its image's
 * size (PNG headers only). {@link #write} then fogs the frames on a bounded pool and stops at the
 * first file that fails to decode; each output is written to a temporary name and renamed, so no
 * half-written PNG is ever left, and the frames finished before a failure stay.
 */
public final class FoggyCityscapesWriter {
    /** One Cityscapes frame and its inputs. */
    public record Frame(String split, String city, String stem, Path image, Path disparity, Path camera) {}

    /** What a run did: frames written, wall-clock seconds, worker threads. */
    public record Summary(int frames, double seconds, int threads) {
        public double secondsPerFrame() {
            return frames == 0 ? 0 : seconds / frames;
        }
    }

    private static final String IMAGE_SUFFIX = "_leftImg8bit.png";

    private final Path cityscapes;
    private final Path out;
    private final double beta;

    public FoggyCityscapesWriter(Path cityscapesRoot, Path outRoot, double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be positive, got " + beta);
        }
        this.cityscapes = cityscapesRoot;
        this.out = outRoot;
        this.beta = beta;
    }

    /** Threads a run uses by default: one per core, at most 4 (each holds about 200 MB of 2048x1024 maps). */
    public static int defaultThreads() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** Beta as the official file names write it: 0.005, 0.01, 0.02. */
    public static String betaLabel(double beta) {
        return BigDecimal.valueOf(beta).stripTrailingZeros().toPlainString();
    }

    /** Where {@code frame}'s foggy image goes. */
    public Path output(Frame frame) {
        return out.resolve("leftImg8bit_foggy").resolve(frame.split()).resolve(frame.city())
                .resolve(frame.stem() + "_leftImg8bit_foggy_beta_" + betaLabel(beta) + ".png");
    }

    /** Every frame under the root, in path order, checked as the class comment says. */
    public List<Frame> frames() {
        Path images = cityscapes.resolve("leftImg8bit");
        if (!Files.isDirectory(images)) {
            throw new BadInputException(images, "missing folder: expected the Cityscapes layout"
                    + " leftImg8bit/{split}/{city}/*" + IMAGE_SUFFIX);
        }
        List<Frame> frames = new ArrayList<>();
        for (Path split : list(images)) {
            for (Path city : list(split)) {
                for (Path image : list(city)) {
                    String name = image.getFileName().toString();
                    if (!name.endsWith(IMAGE_SUFFIX) || !Files.isRegularFile(image)) {
                        continue;
                    }
                    String stem = name.substring(0, name.length() - IMAGE_SUFFIX.length());
                    String s = split.getFileName().toString();
                    String c = city.getFileName().toString();
                    frames.add(new Frame(s, c, stem, image,
                            cityscapes.resolve("disparity").resolve(s).resolve(c).resolve(stem + "_disparity.png"),
                            cityscapes.resolve("camera").resolve(s).resolve(c).resolve(stem + "_camera.json")));
                }
            }
        }
        if (frames.isEmpty()) {
            throw new BadInputException(images, "no *" + IMAGE_SUFFIX + " images in {split}/{city}/ folders");
        }
        for (Frame frame : frames) {
            check(frame);
        }
        return frames;
    }

    /**
     * Fogs {@code frames} on {@code threads} workers; {@code done} hears of each finished frame, on
     * the calling thread. Throws the first failure (a {@link BadInputException} names its file)
     * after the workers have stopped.
     */
    public Summary write(List<Frame> frames, int threads, Consumer<Frame> done) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        long start = System.nanoTime();
        AtomicInteger serial = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "fog-" + serial.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Frame> completion = new ExecutorCompletionService<>(pool);
            for (Frame frame : frames) {
                completion.submit(() -> {
                    if (!stop.get()) {
                        writeFrame(frame);
                    }
                    return frame;
                });
            }
            for (int i = 0; i < frames.size(); i++) {
                done.accept(completion.take().get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing foggy images", e);
        } finally {
            stop.set(true); // queued frames are skipped; frames being written finish their (atomic) write
            pool.shutdown();
            awaitQuietly(pool);
        }
        return new Summary(frames.size(), (System.nanoTime() - start) / 1e9, threads);
    }

    /** Reads one frame's inputs, fogs it and writes it atomically. */
    public void writeFrame(Frame frame) {
        Camera camera = CameraFile.read(frame.camera());
        Image8 clear = Images.readRgb(frame.image());
        float[] distance = DisparityDepth.readDistanceMetres(frame.disparity(), camera, clear.width(), clear.height());
        Image8 foggy = FogModel.apply(clear, distance, beta);
        Images.writeRgb(output(frame), foggy);
    }

    private static void check(Frame frame) {
        for (Path input : List.of(frame.disparity(), frame.camera())) {
            if (!Files.isRegularFile(input)) {
                throw new BadInputException(input, "missing: no such file (" + frame.stem() + IMAGE_SUFFIX
                        + " needs its disparity and camera file)");
            }
        }
        CameraFile.read(frame.camera());
        Images.ImageInfo image = Images.info(frame.image());
        Images.ImageInfo disparity = Images.info(frame.disparity());
        if (disparity.width() != image.width() || disparity.height() != image.height()) {
            throw new BadInputException(frame.disparity(), "disparity is " + disparity.width() + "x"
                    + disparity.height() + ", its image is " + image.width() + "x" + image.height());
        }
    }

    /** The entries of a folder in name order (folders and files alike). */
    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list: " + e.getMessage(), e);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
