/**
 * Segmentation datasets on disk and their label maps (ADVENT-SPEC sections 5-6).
 *
 * <p>{@link io.github.advent.segmentation.data.SegmentationDatasets#open} opens GTA5, SYNTHIA,
 * Cityscapes, Foggy Cityscapes, ACDC, Dark Zurich or a plain folder by kind name; each is an
 * {@link io.github.advent.entropy.data.IndexedDataset} of
 * {@link io.github.advent.segmentation.data.SegmentationSample}s pre-processed as ADVENT does
 * (PIL-exact resize, BGR, mean subtracted, train ids with 255 ignore).
 * {@link io.github.advent.segmentation.data.LabelMap} holds the id -> train id tables,
 * {@link io.github.advent.segmentation.data.ClassSubset} the 19/16/13 evaluation subsets,
 * {@link io.github.advent.segmentation.data.Palette} the Cityscapes colours. Label ids outside a map
 * are ignored and counted ({@link io.github.advent.segmentation.data.UnknownIdCensus});
 * {@link io.github.advent.segmentation.data.LabelScan} computes the source class distribution.
 */
package io.github.advent.segmentation.data;
