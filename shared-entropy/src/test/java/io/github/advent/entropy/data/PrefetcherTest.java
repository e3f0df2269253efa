package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.util.SplitMix64;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrefetcherTest {
    /** A dataset whose sample i is i, read with a random delay (a pure function of the call number). */
    private static class SlowDataset implements IndexedDataset<Integer> {
        final int size;
        final int maxDelayMicros;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        IntFunction<RuntimeException> failure = i -> null;

        SlowDataset(int size, int maxDelayMicros) {
            this.size = size;
            this.maxDelayMicros = maxDelayMicros;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Integer get(int index) {
            started.incrementAndGet();
            int call = calls.incrementAndGet();
            if (maxDelayMicros > 0) {
                long micros = new SplitMix64(call).nextInt(maxDelayMicros);
                try {
                    TimeUnit.MICROSECONDS.sleep(micros);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeException error = failure.apply(index);
            if (error != null) {
                throw error;
            }
            return index;
        }

        @Override
        public String name(int index) {
            return "sample-" + index;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void deliversExactlyTheSampleOrderWhateverTheTiming(int threads) {
        SlowDataset dataset = new SlowDataset(13, 3000);
        SampleOrder order = SampleOrder.shuffled(13, 1234);
        long start = 17;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Prefetcher<Integer> prefetcher = new Prefetcher<>(dataset, order, start, threads, 4)) {
                for (long i = start; i < start + 60; i++) {
                    assertEquals(i, prefetcher.position());
                    assertEquals(order.index(i), prefetcher.next(), "iteration " + i);
                }
                Prefetcher.Stats stats = prefetcher.stats();
                assertEquals(60, stats.delivered());
                assertTrue(stats.maxAhead() <= 4, "ahead " + stats.maxAhead());
                assertTrue(stats.decoded() >= 60);
            }
        });
    }

    @Test
    void neverDecodesMoreThanCapacityAhead() {
        int capacity = 3;
        int threads = 4;
        SlowDataset dataset = new SlowDataset(50, 500);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Prefetcher<Integer> prefetcher = new Prefetcher<>(dataset, SampleOrder.shuffled(50, 3), 0, threads, capacity)) {
                // a slow consumer: the workers fill the buffer and must then wait
                for (int consumed = 0; consumed < 40; consumed++) {
                    Thread.sleep(consumed % 10 == 0 ? 30 : 1);
                    int ahead = dataset.started.get() - consumed;
                    assertTrue(ahead <= capacity + threads, "started " + dataset.started.get() + " with " + consumed + " consumed");
                    assertTrue(ahead <= capacity, "this implementation claims at most capacity ahead: " + ahead);
                    prefetcher.next();
                }
                assertTrue(prefetcher.stats().maxAhead() <= capacity);
            }
        });
    }

    @Test
    void aWorkersErrorReachesTheCallerAtItsPosition() {
        SampleOrder order = SampleOrder.shuffled(10, 42);
        long failing = 6;
        int failingIndex = order.index(failing);
        BadInputException error = new BadInputException(Path.of("labels/00006.png"), "corrupt PNG");
        SlowDataset dataset = new SlowDataset(10, 1000);
        dataset.failure = i -> i == failingIndex ? error : null;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Prefetcher<Integer> prefetcher = new Prefetcher<>(dataset, order, 0, 3, 4)) {
                for (long i = 0; i < failing; i++) {
                    assertEquals(order.index(i), prefetcher.next());
                }
                BadInputException thrown = assertThrows(BadInputException.class, prefetcher::next);
                assertSame(error, thrown);
                assertTrue(thrown.getMessage().contains("labels/00006.png"));
                // the run may skip the sample and go on
                assertEquals(failing + 1, prefetcher.position());
                assertEquals(order.index(failing + 1), prefetcher.next());
                assertEquals(1, prefetcher.stats().failed());
            }
        });
    }

    @Test
    void closeStopsWorkersThatWaitForRoomOrSitInARead() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger inRead = new AtomicInteger();
        IndexedDataset<Integer> stuck = new IndexedDataset<>() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public Integer get(int index) {
                if (index == 4) {   // one read blocks until interrupted
                    inRead.incrementAndGet();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                return index;
            }

            @Override
            public String name(int index) {
                return "s" + index;
            }
        };
        Prefetcher<Integer> prefetcher = new Prefetcher<>(stuck, SampleOrder.sequential(5), 2, 4, 3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inRead.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, inRead.get(), "a worker is inside the blocking read");
        Thread.sleep(20);   // the others now wait for room (capacity 3 claimed: iterations 2, 3, 4)
        long began = System.nanoTime();
        prefetcher.close();
        assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(3), "close returned promptly");
        assertTrue(prefetcher.terminated(), "every worker ended");
        assertThrows(IllegalStateException.class, prefetcher::next);
        prefetcher.close();   // idempotent
    }

    @Test
    void closeReleasesAConsumerWaitingInNext() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        IndexedDataset<Integer> blocked = new IndexedDataset<>() {
            @Override
            public int size() {
                return 3;
            }

            @Override
            public Integer get(int index) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return index;
            }

            @Override
            public String name(int index) {
                return "s" + index;
            }
        };
        Prefetcher<Integer> prefetcher = new Prefetcher<>(blocked, SampleOrder.sequential(3), 0, 2, 2);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                prefetcher.next();
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        consumer.start();
        Thread.sleep(50);
        prefetcher.close();
        consumer.join(3000);
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        assertTrue(prefetcher.terminated());
    }

    @Test
    void countsTheConsumersWaits() {
        SlowDataset slow = new SlowDataset(4, 0) {
            @Override
            public Integer get(int index) {
                try {
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return index;
            }
        };
        try (Prefetcher<Integer> prefetcher = new Prefetcher<>(slow, SampleOrder.sequential(4), 0, 1, 2)) {
            for (int i = 0; i < 6; i++) {
                prefetcher.next();   // the consumer is faster than one worker: it waits every time
            }
            Prefetcher.Stats stats = prefetcher.stats();
            assertEquals(6, stats.delivered());
            assertTrue(stats.waits() >= 5, "waits " + stats.waits());
            assertTrue(stats.firstWaitNanos() > TimeUnit.MILLISECONDS.toNanos(5), "first wait " + stats.firstWaitNanos());
            assertTrue(stats.steadyWaitNanos() > TimeUnit.MILLISECONDS.toNanos(20), "steady " + stats.steadyWaitNanos());
            assertTrue(stats.meanDecodeMillis() >= 10, "decode " + stats.meanDecodeMillis());
        }
        // a fast dataset and a slow consumer: no waits after the first sample
        SlowDataset fast = new SlowDataset(8, 0);
        try (Prefetcher<Integer> prefetcher = new Prefetcher<>(fast, SampleOrder.sequential(8), 0, 2, 4)) {
            prefetcher.next();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(25);
                prefetcher.next();
            }
            assertEquals(0, prefetcher.stats().steadyWaitNanos(), prefetcher.stats().toString());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesAMismatchedOrder() {
        assertThrows(IllegalArgumentException.class,
                () -> new Prefetcher<>(new SlowDataset(5, 0), SampleOrder.sequential(6), 0, 1, 1));
    }
}
