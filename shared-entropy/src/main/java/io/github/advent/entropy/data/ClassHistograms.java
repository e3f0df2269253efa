package io.github.advent.entropy.data;

import io.github.advent.entropy.ClassHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Fills a {@link ClassHistogram} (the p_s of the class-ratio prior) from every sample of a
 * dataset, optionally on several threads. The counts do not depend on the thread count.
 */
public final class ClassHistograms {
    private ClassHistograms() {}

    /**
     * Reads every sample of {@code dataset} and counts the class ids {@code labels} gives for it.
     *
     * @param labels the class ids of a sample (values outside [0, classes) are not counted)
     * @param threads 1 reads on the calling thread; more use a temporary pool
     * @throws io.github.advent.entropy.io.BadInputException the first unreadable sample's error
     */
    public static <S> ClassHistogram scan(IndexedDataset<S> dataset, Function<? super S, int[]> labels, int classes,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ClassHistogram total = new ClassHistogram(classes);
        if (threads == 1 || dataset.size() < 2) {
            for (int i = 0; i < dataset.size(); i++) {
                total.add(labels.apply(dataset.get(i)));
            }
            return total;
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(threads, dataset.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "advent-histogram");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ClassHistogram>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                parts.add(pool.submit(() -> {
                    ClassHistogram part = new ClassHistogram(classes);
                    for (int i = next.getAndIncrement(); i < dataset.size(); i = next.getAndIncrement()) {
                        part.add(labels.apply(dataset.get(i)));
                    }
                    return part;
                }));
            }
            for (Future<ClassHistogram> part : parts) {
                total.add(part.get());
            }
            return total;
        } catch (ExecutionException e) {
            next.set(Integer.MAX_VALUE / 2);
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
            throw new IllegalStateException("interrupted while counting classes", e);
        } finally {
            next.set(Integer.MAX_VALUE / 2);
            pool.shutdownNow();
        }
    }
}
