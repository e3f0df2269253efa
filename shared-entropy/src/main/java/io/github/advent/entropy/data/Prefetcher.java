package io.github.advent.entropy.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decodes the samples a run will read next on background threads, so that the model does not wait
 * for files. Samples come out of {@link #next()} in exactly the {@link SampleOrder}'s order from a
 * given start iteration, whatever the threads' timing.
 *
 * <p><b>Memory is bounded:</b> at most {@code capacity} samples are decoded or being decoded ahead of
 * the consumer (a worker only claims iteration {@code k} once {@code k < consumed + capacity}), so
 * {@code capacity} decoded samples is the most this ever holds.
 *
 * <p><b>Errors</b> travel in order: when decoding the sample for iteration k fails (a
 * {@code BadInputException}, any runtime exception or error), the call of {@code next()} that would
 * have returned iteration k throws that same exception; the iterations before k are delivered
 * normally, and a later call continues with k + 1.
 *
 * <p>{@link #close()} stops the workers, also those waiting for room and (by interruption) those
 * inside a dataset read. The consumer is single-threaded: call {@code next()} from one thread.
 * {@link #stats()} tells whether the consumer ever waited on I/O.
 *
 * @param <S> sample type
 */
public final class Prefetcher<S> implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long JOIN_MILLIS = 5_000;

    private final IndexedDataset<S> dataset;
    private final SampleOrder order;
    private final int capacity;
    private final List<Thread> workers = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition arrived = lock.newCondition();
    private final Map<Long, Result<S>> ready = new HashMap<>();
    private final long start;
    private long consumed;
    private long claimed;
    private boolean closed;

    // statistics, guarded by lock
    private long waits;
    private long waitNanos;
    private long maxWaitNanos;
    private long firstWaitNanos = -1;
    private long decoded;
    private long failed;
    private long decodeNanos;
    private int maxAhead;

    private record Result<S>(S sample, Throwable error) {}

    /**
     * What the prefetcher measured so far.
     *
     * @param delivered samples returned by {@code next()} (or thrown for)
     * @param waits calls of {@code next()} that found their sample not ready and blocked
     * @param waitNanos total time the consumer blocked in {@code next()}, the first call included
     * @param firstWaitNanos time the first {@code next()} blocked (the pipeline filling up), -1 before it
     * @param maxWaitNanos longest single wait
     * @param decoded samples decoded (successfully or not) by the workers
     * @param failed samples whose decoding threw
     * @param decodeNanos total decoding time summed over the workers
     * @param maxAhead most samples ever decoded or in decoding ahead of the consumer (&le; capacity)
     */
    public record Stats(long delivered, long waits, long waitNanos, long firstWaitNanos, long maxWaitNanos, long decoded,
            long failed, long decodeNanos, int maxAhead) {
        /** Time the consumer waited after its first sample, the steady-state I/O stall. */
        public long steadyWaitNanos() {
            return waitNanos - Math.max(firstWaitNanos, 0);
        }

        /** Mean decoding time of one sample on one worker, in milliseconds (0 before any). */
        public double meanDecodeMillis() {
            return decoded == 0 ? 0 : decodeNanos / 1e6 / decoded;
        }
    }

    /**
     * Starts {@code threads} workers that decode, in {@code order}, the samples of iterations
     * {@code startIteration, startIteration + 1, ...}.
     *
     * @param capacity most samples decoded ahead of the consumer (&ge; 1)
     */
    public Prefetcher(IndexedDataset<S> dataset, SampleOrder order, long startIteration, int threads, int capacity) {
        if (order.size() != dataset.size()) {
            throw new IllegalArgumentException("order is for " + order.size() + " samples, the dataset has " + dataset.size());
        }
        if (startIteration < 0) {
            throw new IllegalArgumentException("start iteration must be >= 0, got " + startIteration);
        }
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads and capacity must be >= 1, got " + threads + " and " + capacity);
        }
        this.dataset = dataset;
        this.order = order;
        this.capacity = capacity;
        this.start = startIteration;
        this.consumed = startIteration;
        this.claimed = startIteration;
        int instance = INSTANCES.incrementAndGet();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(this::work, "advent-prefetch-" + instance + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    /** The iteration whose sample the next call of {@link #next()} returns. */
    public long position() {
        lock.lock();
        try {
            return consumed;
        } finally {
            lock.unlock();
        }
    }

    /** The iteration this prefetcher started at. */
    public long startIteration() {
        return start;
    }

    /**
     * The sample of iteration {@link #position()}, waiting for it if needed; advances by one.
     *
     * @throws io.github.advent.entropy.io.BadInputException (or whatever the dataset threw) when that
     *     sample could not be decoded; the position still advances
     * @throws IllegalStateException when closed, or when the calling thread is interrupted while waiting
     */
    public S next() {
        Result<S> result;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("prefetcher is closed");
            }
            long iteration = consumed;
            result = ready.remove(iteration);
            if (result == null) {
                long began = System.nanoTime();
                try {
                    while ((result = ready.remove(iteration)) == null) {
                        if (closed) {
                            throw new IllegalStateException("prefetcher was closed while waiting for iteration " + iteration);
                        }
                        arrived.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the sample of iteration " + iteration, e);
                } finally {
                    long waited = System.nanoTime() - began;
                    waits++;
                    waitNanos += waited;
                    maxWaitNanos = Math.max(maxWaitNanos, waited);
                    if (iteration == start) {
                        firstWaitNanos = waited;
                    }
                }
            } else if (iteration == start) {
                firstWaitNanos = 0;
            }
            consumed++;
            room.signalAll();
        } finally {
            lock.unlock();
        }
        if (result.error != null) {
            throwUnchecked(result.error);
        }
        return result.sample;
    }

    public Stats stats() {
        lock.lock();
        try {
            return new Stats(consumed - start, waits, waitNanos, firstWaitNanos, maxWaitNanos, decoded, failed, decodeNanos,
                    maxAhead);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the workers and drops decoded samples; waits up to 5 s for each worker to end. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ready.clear();
            room.signalAll();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread worker : workers) {
            if (worker != Thread.currentThread()) {
                worker.interrupt();
            }
        }
        boolean interrupted = false;
        for (Thread worker : workers) {
            if (worker == Thread.currentThread()) {
                continue;
            }
            try {
                worker.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once every worker thread has ended (after {@link #close()}). */
    public boolean terminated() {
        return workers.stream().noneMatch(Thread::isAlive);
    }

    private void work() {
        while (true) {
            long iteration;
            lock.lock();
            try {
                while (!closed && claimed >= consumed + capacity) {
                    room.await();
                }
                if (closed) {
                    return;
                }
                iteration = claimed++;
                maxAhead = (int) Math.max(maxAhead, claimed - consumed);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            long began = System.nanoTime();
            Result<S> result;
            try {
                result = new Result<>(dataset.get(order.index(iteration)), null);
            } catch (Throwable t) {
                result = new Result<>(null, t);
            }
            long took = System.nanoTime() - began;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                decoded++;
                decodeNanos += took;
                if (result.error != null) {
                    failed++;
                }
                ready.put(iteration, result);
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void throwUnchecked(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        throw new IllegalStateException("decoding a sample failed: " + error, error);
    }

    @Override
    public String toString() {
        return "Prefetcher[" + workers.size() + " threads, capacity " + capacity + ", " + order + "]";
    }
}
