/**
 * Detection as an adaptation task: SSD-300 (VGG-16) trained with ADVENT's entropy methods over each default
 * box's class distribution (ADVENT-SPEC section 9).
 *
 * <ul>
 *   <li>{@link io.github.advent.detection.DetectionTask}: the {@code AdaptationTask} — levels conv4_3, conv7,
 *       conv8_2, conv9_2, conv10_2, conv11_2 (G = default boxes per cell, K = classes with background), λ_ent
 *       0.001 spread over the levels by their share of the 8,732 boxes, λ_adv 0.001 on the discriminated levels
 *       (conv4_3 and conv7 by default), MultiBox loss as the supervised loss;
 *   <li>{@link io.github.advent.detection.DetectionLabels}: the labels of a batch,
 *       {@code NDList(boxes N x M x 4 float32 normalised corners, classes N x M int32, 0 = padding)};
 *   <li>{@link io.github.advent.detection.SsdPredictor}: pre-processed {@code N x 3 x 300 x 300} images to
 *       detections per image, timing network and post-processing apart;
 *   <li>{@link io.github.advent.detection.DetectionTraining}: {@code advent train detection} (datasets, SSD's
 *       optimiser defaults, the shared {@code TrainingRun}); {@code bench.DetectionBench}: {@code advent bench}.
 * </ul>
 * Sub-packages: {@code model} (network, weights), {@code box} (default boxes, coding, matching, loss, NMS) and
 * {@code data} (datasets, augmentation). Depends on shared-entropy only.
 */
package io.github.advent.detection;
