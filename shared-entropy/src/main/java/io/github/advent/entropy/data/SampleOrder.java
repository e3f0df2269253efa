package io.github.advent.entropy.data;

import io.github.advent.entropy.util.SplitMix64;

/**
 * Which sample a training run reads at each iteration, over any number of iterations: iteration
 * {@code i} falls in epoch {@code i / size} at position {@code i % size}; each epoch is a fresh
 * Fisher-Yates permutation drawn from {@code SplitMix64.derived(seed, epoch)} (or the identity when
 * shuffling is off). The result is a pure function of (seed, size, shuffle, i): a run resumed at
 * iteration k reads exactly what the uninterrupted run would have read, and nothing needs saving
 * beyond the seed and the iteration. Thread-safe.
 */
public final class SampleOrder {
    private final int size;
    private final long seed;
    private final boolean shuffle;
    /** The last two epochs used (prefetch threads straddle an epoch boundary): immutable, swapped atomically. */
    private volatile Epoch cached;
    private volatile Epoch previous;

    private record Epoch(long number, int[] permutation) {}

    /**
     * @param size number of samples, positive
     * @param seed the run's seed
     * @param shuffle false: iteration i reads sample {@code i % size}
     */
    public SampleOrder(int size, long seed, boolean shuffle) {
        if (size <= 0) {
            throw new IllegalArgumentException("a sample order needs at least one sample, got size " + size);
        }
        this.size = size;
        this.seed = seed;
        this.shuffle = shuffle;
    }

    /** A shuffled order. */
    public static SampleOrder shuffled(int size, long seed) {
        return new SampleOrder(size, seed, true);
    }

    /** The identity order, epoch after epoch. */
    public static SampleOrder sequential(int size) {
        return new SampleOrder(size, 0L, false);
    }

    public int size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** The epoch iteration {@code i} belongs to. */
    public long epoch(long iteration) {
        checkIteration(iteration);
        return iteration / size;
    }

    /** The dataset index read at {@code iteration} (0-based, any non-negative value). */
    public int index(long iteration) {
        checkIteration(iteration);
        int position = (int) (iteration % size);
        if (!shuffle) {
            return position;
        }
        return epochPermutation(iteration / size)[position];
    }

    /** The whole order of one epoch (a fresh array). */
    public int[] permutation(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (!shuffle) {
            int[] identity = new int[size];
            for (int i = 0; i < size; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return epochPermutation(epoch).clone();
    }

    private int[] epochPermutation(long epoch) {
        Epoch current = cached;
        if (current != null && current.number == epoch) {
            return current.permutation;
        }
        Epoch before = previous;
        if (before != null && before.number == epoch) {
            return before.permutation;
        }
        Epoch fresh = new Epoch(epoch, computePermutation(epoch));
        previous = current;
        cached = fresh;
        return fresh.permutation;
    }

    private int[] computePermutation(long epoch) {
        int[] permutation = new int[size];
        for (int i = 0; i < size; i++) {
            permutation[i] = i;
        }
        SplitMix64 random = SplitMix64.derived(seed, epoch);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        return permutation;
    }

    private static void checkIteration(long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
    }

    @Override
    public String toString() {
        return (shuffle ? "shuffled(seed " + seed + ")" : "sequential") + " order of " + size + " samples";
    }
}
