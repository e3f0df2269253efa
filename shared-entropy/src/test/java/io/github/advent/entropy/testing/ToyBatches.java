package io.github.advent.entropy.testing;

import ai.djl.ndarray.NDManager;
import io.github.advent.entropy.testing.ToyDomains.Domain;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.train.BatchStream;
import java.util.function.LongPredicate;

/** Toy source/target batches in iteration order; optionally poisons the source of chosen iterations with NaN. */
public final class ToyBatches implements BatchStream {
    private final int images;
    private final int size;
    private final LongPredicate poisoned;
    private long nextSource;
    private long nextTarget;

    private ToyBatches(long first, int images, int size, LongPredicate poisoned) {
        this.nextSource = first;
        this.nextTarget = first;
        this.images = images;
        this.size = size;
        this.poisoned = poisoned;
    }

    public static BatchStream.Factory factory(int images, int size) {
        return first -> new ToyBatches(first, images, size, i -> false);
    }

    public static BatchStream.Factory poisonedAt(int images, int size, LongPredicate poisoned) {
        return first -> new ToyBatches(first, images, size, poisoned);
    }

    @Override
    public Batch nextSource(NDManager manager) {
        long i = nextSource++;
        Batch batch = ToyDomains.batch(manager, Domain.SOURCE, i, images, size);
        if (poisoned.test(i)) {
            batch.inputs().set(0, batch.inputs().get(0).mul(Float.NaN));
        }
        return batch;
    }

    @Override
    public Batch nextTarget(NDManager manager) {
        return ToyDomains.unlabelled(manager, Domain.TARGET, nextTarget++, images, size);
    }

    @Override
    public void close() {}
}
