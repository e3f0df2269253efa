/**
 * Datasets as seen by training: {@link io.github.advent.entropy.data.IndexedDataset} (samples by
 * index, decoded on demand, thread-safe), {@link io.github.advent.entropy.data.SampleOrder} (the
 * seeded, resumable order of samples over iterations), {@link io.github.advent.entropy.data.Prefetcher}
 * (background decoding into a bounded, in-order buffer, with wait-time counters) and
 * {@link io.github.advent.entropy.data.ClassHistograms} (class counts over a dataset for the
 * class-ratio prior). Task-agnostic: segmentation and detection datasets implement the interface.
 *
 * <p>Finding a dataset's files is task-neutral too: {@link io.github.advent.entropy.data.DatasetFolders}
 * (folder checks and listings whose messages say what a missing folder should hold),
 * {@link io.github.advent.entropy.data.SampleLists} (file lists of sample names) and
 * {@link io.github.advent.entropy.data.CityscapesFiles} (the Cityscapes / Foggy Cityscapes
 * {@code {split}/{city}/{frame}SUFFIX} layout, frame names, fog densities).
 */
package io.github.advent.entropy.data;
