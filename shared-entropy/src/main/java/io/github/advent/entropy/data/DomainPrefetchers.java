package io.github.advent.entropy.data;

/**
 * The source and (for MinEnt and AdvEnt) target samples of a training run, each dataset decoded ahead of need on
 * background threads in its own seeded shuffled order (the source's seed, the target's seed + 1): a pure function
 * of the sample position, so a resumed run reads exactly the samples an uninterrupted one would. Both tasks'
 * batch streams read through it.
 */
public final class DomainPrefetchers<S> implements AutoCloseable {
    private final Prefetcher<S> source;
    private final Prefetcher<S> target;

    private DomainPrefetchers(Prefetcher<S> source, Prefetcher<S> target) {
        this.source = source;
        this.target = target;
    }

    /**
     * @param target the unlabelled target dataset, or {@code null} for source-only training
     * @param firstSample the position (per domain) of the first sample to read: the first iteration times the batch size
     * @param threads decoding threads per dataset
     * @param capacity decoded samples each dataset may hold ready
     */
    public static <S> DomainPrefetchers<S> of(IndexedDataset<S> source, IndexedDataset<S> target, long seed, long firstSample,
            int threads, int capacity) {
        return new DomainPrefetchers<>(new Prefetcher<>(source, SampleOrder.shuffled(source.size(), seed), firstSample, threads,
                capacity), target == null ? null
                        : new Prefetcher<>(target, SampleOrder.shuffled(target.size(), seed + 1), firstSample, threads, capacity));
    }

    public S nextSource() {
        return source.next();
    }

    /** The next target sample; {@code null} when there is no target. */
    public S nextTarget() {
        return target == null ? null : target.next();
    }

    public boolean hasTarget() {
        return target != null;
    }

    /** How long training waited for decoded samples (source and target). */
    public String waitSummary() {
        return "source " + source.stats() + (target == null ? "" : "; target " + target.stats());
    }

    @Override
    public void close() {
        source.close();
        if (target != null) {
            target.close();
        }
    }
}
