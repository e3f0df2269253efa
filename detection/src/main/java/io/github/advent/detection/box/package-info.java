/**
 * SSD's box machinery on plain Java arrays, apart from the differentiable loss.
 *
 * <ul>
 *   <li>{@link io.github.advent.detection.box.DefaultBoxes} and
 *       {@link io.github.advent.detection.box.FeatureMapSpec}: SSD-300's 8,732 default boxes (maps 38, 19, 10, 5,
 *       3, 1 with 4, 6, 6, 6, 4, 4 boxes per cell), centre form, in the order of the network's flattened heads;
 *   <li>{@link io.github.advent.detection.box.BoxCoding}: regression targets with variances 0.1 / 0.2, and back;
 *   <li>{@link io.github.advent.detection.box.GroundTruth} and
 *       {@link io.github.advent.detection.box.PriorMatching}: one image's objects, matched to default boxes (best
 *       default box per object forced, then IoU &ge; 0.5);
 *   <li>{@link io.github.advent.detection.box.MultiBoxLoss}: smooth-L1 + cross-entropy with 3:1 hard-negative
 *       mining, divided by the positives (0, not NaN, for a batch without objects), in DJL ops;
 *   <li>{@link io.github.advent.detection.box.Nms}, {@link io.github.advent.detection.box.SsdDecoder},
 *       {@link io.github.advent.detection.box.NmsOptions} and {@link io.github.advent.detection.box.Detection}:
 *       softmax, decoding and per-class NMS (0.45, confidence 0.01, 200 per image) into detections.
 * </ul>
 *
 * <p>The PyTorch reference used by the tests is {@code src/test/resources/model/make_ssd_fixture.py}.
 */
package io.github.advent.detection.box;
