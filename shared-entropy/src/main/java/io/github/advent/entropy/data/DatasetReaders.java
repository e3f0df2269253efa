package io.github.advent.entropy.data;

import java.util.List;

/**
 * The dataset readers one module contributes to the {@link DatasetRegistry}. Implementations are found with
 * {@link java.util.ServiceLoader}: a module (or a user's jar) lists its class in
 * {@code META-INF/services/io.github.advent.entropy.data.DatasetReaders}, so a new dataset touches no shared file.
 */
public interface DatasetReaders {
    List<DatasetReader<?>> readers();
}
