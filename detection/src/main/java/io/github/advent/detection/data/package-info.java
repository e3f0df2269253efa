/**
 * Detection data (ADVENT-SPEC section 9): datasets on disk, SSD's augmentation and pre-processing,
 * and batches for the SSD task.
 *
 * <p>{@link io.github.advent.detection.data.DetectionDatasets#open} opens Cityscapes, Foggy
 * Cityscapes (the Cityscapes -> Foggy Cityscapes benchmark, beta 0.02 by default) or images with a
 * COCO annotation file by kind name; each is a
 * {@link io.github.advent.detection.data.DetectionDataset} (an
 * {@link io.github.advent.entropy.data.IndexedDataset}) of
 * {@link io.github.advent.detection.data.DetectionSample}s: an RGB image at its own size and its
 * {@link io.github.advent.detection.data.ObjectBox}es in pixel corners, <b>exclusive at the
 * maximum</b> (a one-pixel object at column c spans [c, c + 1)), numbered 1..8 in
 * {@link io.github.advent.detection.data.DetectionClasses#CITYSCAPES} order (person, rider, car,
 * truck, bus, train, motorcycle, bicycle; 0 = background). Cityscapes boxes come from gtFine
 * instanceIds or polygons ({@link io.github.advent.detection.data.CityscapesBoxes}).
 *
 * <p>Training: {@link io.github.advent.detection.data.SsdAugmentation} (photometric distortion,
 * expand, min-IoU crop, flip; seeded) -> {@link io.github.advent.detection.data.SsdPreprocessing}
 * (bilinear resize to 300x300, BGR, mean subtracted, boxes normalised to [0, 1]) ->
 * {@link io.github.advent.detection.data.DetectionBatches} (inputs N x 3 x 300 x 300; labels boxes
 * N x M x 4 and classes N x M, 0 = padding, crowd boxes left out).
 */
package io.github.advent.detection.data;
