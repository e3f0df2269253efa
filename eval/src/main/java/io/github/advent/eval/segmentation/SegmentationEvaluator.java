package io.github.advent.eval.segmentation;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.io.LabelPng;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores predictions against labels: each image's label is decoded and mapped to train ids, its
 * prediction obtained, and the pixels counted into a confusion matrix.
 *
 * <p>Images are processed on a pool of threads fed through a bounded queue: at most
 * {@code threads + queueCapacity} images are in flight, each thread reuses its own pixel buffers
 * and accumulates its own 64-bit matrix, and the matrices are merged at the end. Memory is
 * therefore flat in the number of images, and the result does not depend on the thread count.
 *
 * <p>Nothing is skipped: a size mismatch, a prediction value outside [0, C) or a label value
 * that is no label id stops the evaluation with a {@link BadInputException} naming the file
 * (when several images fail, the one that comes first in the list is reported).
 */
public final class SegmentationEvaluator {
    private static final int IGNORED_ROW = -1;
    private static final int INVALID_ROW = -2;

    private SegmentationEvaluator() {}

    /** How many threads decode and count, and how many images may wait for them. */
    public record Options(int threads, int queueCapacity) {
        public Options {
            if (threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("threads and queue capacity must be at least 1, got " + threads
                        + " and " + queueCapacity);
            }
        }

        /** One thread per core, a queue twice as long. */
        public static Options defaults() {
            return withThreads(Runtime.getRuntime().availableProcessors());
        }

        public static Options withThreads(int threads) {
            return new Options(threads, 2 * threads);
        }
    }

    /** Told after each image (from the worker threads) how many images are done. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = done -> { };

        void imagesDone(int done);
    }

    /** Scores {@code images} on {@code classSet}, mapping their labels with the set's Cityscapes table. */
    public static SegmentationScores evaluate(List<LabelledImage> images, SegmentationPredictor predictor,
            ClassSet classSet, Options options, Progress progress) {
        ConfusionMatrix matrix = accumulate(images, predictor, classSet.size(), classSet.labelIdToTrainId(), options,
                progress);
        return SegmentationScores.of(classSet, matrix, images.size());
    }

    /**
     * The confusion matrix of {@code images}: labels read with {@link LabelPng} and mapped through
     * {@code labelLookup} (label value -> train id in [0, classes), {@link ClassSet#IGNORE} for
     * pixels not counted, {@link ClassSet#INVALID} for values that are bad input).
     */
    public static ConfusionMatrix accumulate(List<LabelledImage> images, SegmentationPredictor predictor,
            int classes, int[] labelLookup, Options options, Progress progress) {
        int[] rowBase = rowBases(labelLookup, classes);
        Queue<Worker> workers = new ConcurrentLinkedQueue<>();
        ThreadLocal<Worker> local = ThreadLocal.withInitial(() -> {
            Worker w = new Worker(classes);
            workers.add(w);
            return w;
        });
        FirstFailure failure = new FirstFailure();
        AtomicInteger done = new AtomicInteger();
        Object predictorLock = new Object();
        // the bound: at most threads + queueCapacity images submitted and not finished (the permit is
        // taken before submitting and returned when the image is done)
        Semaphore slots = new Semaphore(options.threads() + options.queueCapacity());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.threads(), options.threads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemonThreads());
        try {
            for (int i = 0; i < images.size() && !failure.happened(); i++) {
                slots.acquire();
                int index = i;
                LabelledImage image = images.get(i);
                pool.execute(() -> {
                    try {
                        // an image before the earliest failure so far is still scored: it may fail
                        // too and is then the one to report, however the threads were scheduled
                        if (!failure.hasEarlierThan(index)) {
                            local.get().score(image, predictor, predictorLock, rowBase);
                            progress.imagesDone(done.incrementAndGet());
                        }
                    } catch (Throwable t) {
                        failure.offer(index, t);
                    } finally {
                        slots.release();
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // wait for the images in flight
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        failure.rethrow();
        ConfusionMatrix total = new ConfusionMatrix(classes);
        for (Worker w : workers) {
            total.add(w.matrix);
        }
        return total;
    }

    /**
     * Counts one image into {@code histogram} (row-major C x C, ground truth x prediction): pixels
     * whose label maps to a class in [0, C). Every prediction value must be in [0, C), wherever the
     * label is.
     */
    public static void count(LabelImage label, int[] labelLookup, LabelImage prediction, int classes,
            int[] histogram, Path labelFile, Path predictionFile) {
        count(label, rowBases(labelLookup, classes), prediction, classes, histogram, labelFile, predictionFile, null);
    }

    private static void count(LabelImage label, int[] rowBase, LabelImage prediction, int classes, int[] histogram,
            Path labelFile, Path predictionFile, String imageId) {
        if (label.width() != prediction.width() || label.height() != prediction.height()) {
            throw new BadInputException(predictionFile, describe(predictionFile, imageId) + "is " + prediction.size()
                    + " but its label " + labelFile + " is " + label.size()
                    + "; predictions are compared with the labels at the labels' own size");
        }
        int n = classes;
        int len = label.pixels();
        if (label.bitDepth() == 8 && prediction.bitDepth() == 8) {
            byte[] g = label.u8();
            byte[] p = prediction.u8();
            for (int i = 0; i < len; i++) {
                int pc = p[i] & 0xff;
                int base = rowBase[g[i] & 0xff];
                if (pc >= n) {
                    throw predictionOutOfRange(prediction, predictionFile, imageId, i, n);
                }
                if (base >= 0) {
                    histogram[base + pc]++;
                } else if (base == INVALID_ROW) {
                    throw labelInvalid(label, labelFile, i);
                }
            }
        } else {
            for (int i = 0; i < len; i++) {
                int pc = prediction.get(i);
                int gv = label.get(i);
                int base = gv < rowBase.length ? rowBase[gv] : INVALID_ROW;
                if (pc >= n) {
                    throw predictionOutOfRange(prediction, predictionFile, imageId, i, n);
                }
                if (base >= 0) {
                    histogram[base + pc]++;
                } else if (base == INVALID_ROW) {
                    throw labelInvalid(label, labelFile, i);
                }
            }
        }
    }

    private static String describe(Path predictionFile, String imageId) {
        return predictionFile != null || imageId == null ? "prediction " : "prediction of " + imageId + " ";
    }

    private static BadInputException predictionOutOfRange(LabelImage prediction, Path file, String imageId, int i,
            int n) {
        int x = i % prediction.width();
        int y = i / prediction.width();
        return new BadInputException(file, describe(file, imageId) + "holds class id " + prediction.get(i)
                + " at pixel (x " + x + ", y " + y + "); the " + n + "-class set has train ids 0-" + (n - 1));
    }

    private static BadInputException labelInvalid(LabelImage label, Path file, int i) {
        int x = i % label.width();
        int y = i / label.width();
        return new BadInputException(file, "label value " + label.get(i) + " at pixel (x " + x + ", y " + y
                + ") is not a label id of the class set (Cityscapes label ids are 0-" + ClassSet.MAX_CITYSCAPES_LABEL_ID
                + "; a label map lists its own)");
    }

    /** For each label value: the row offset of its train id, or IGNORED_ROW / INVALID_ROW. */
    private static int[] rowBases(int[] lookup, int classes) {
        int[] base = new int[lookup.length];
        for (int v = 0; v < lookup.length; v++) {
            int t = lookup[v];
            if (t >= 0 && t < classes) {
                base[v] = t * classes;
            } else if (t == ClassSet.IGNORE) {
                base[v] = IGNORED_ROW;
            } else if (t == ClassSet.INVALID) {
                base[v] = INVALID_ROW;
            } else {
                throw new IllegalArgumentException("label lookup maps " + v + " to " + t + ", neither a class in [0, "
                        + classes + ") nor IGNORE nor INVALID");
            }
        }
        return base;
    }

    /** One thread's buffers and matrix. */
    private static final class Worker {
        final ConfusionMatrix matrix;
        final int[] histogram;
        final int classes;
        LabelImage label;
        LabelImage prediction;

        Worker(int classes) {
            this.classes = classes;
            this.matrix = new ConfusionMatrix(classes);
            this.histogram = new int[classes * classes];
        }

        void score(LabelledImage image, SegmentationPredictor predictor, Object lock, int[] rowBase) {
            label = LabelPng.read(image.labelFile(), label);
            LabelImage reuse = prediction == label ? null : prediction;
            if (predictor.threadSafe()) {
                prediction = predictor.predict(image, label.width(), label.height(), reuse);
            } else {
                synchronized (lock) {
                    prediction = predictor.predict(image, label.width(), label.height(), reuse);
                }
            }
            Arrays.fill(histogram, 0);
            count(label, rowBase, prediction, classes, histogram, image.labelFile(), predictor.source(image),
                    image.id());
            matrix.add(histogram);
        }
    }

    /** The failure of the earliest image, among those that failed. */
    private static final class FirstFailure {
        private volatile int index = Integer.MAX_VALUE;
        private Throwable failure;
        private volatile boolean happened;

        synchronized void offer(int index, Throwable t) {
            if (index < this.index) {
                this.index = index;
                this.failure = t;
            }
            happened = true;
        }

        boolean happened() {
            return happened;
        }

        /** Whether an image before {@code imageIndex} has failed (then that image's result no longer matters). */
        boolean hasEarlierThan(int imageIndex) {
            return index < imageIndex;
        }

        synchronized void rethrow() {
            if (failure == null) {
                return;
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(failure);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "advent-eval-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
