package io.github.advent.entropy.data;

/**
 * A fixed, ordered collection of samples that are decoded on demand. Implementations are
 * thread-safe: {@link #get} may be called from several threads at once (the {@link Prefetcher}
 * does).
 *
 * @param <S> the decoded sample (plain Java values; NDArrays are made by the consumer)
 */
public interface IndexedDataset<S> {
    /** Number of samples; positive for an opened dataset. */
    int size();

    /**
     * Reads and decodes sample {@code index} (0 &le; index &lt; size()).
     *
     * @throws io.github.advent.entropy.io.BadInputException when a file of the sample is missing or
     *     unusable; its message names the file
     * @throws IndexOutOfBoundsException for an index outside [0, size())
     */
    S get(int index);

    /** A stable name for sample {@code index}, unique within the dataset, usable in output file names. */
    String name(int index);
}
