/**
 * Metrics with no model inside, matching the field's own scripts to the last digit
 * (docs/EVAL-PROTOCOLS.md):
 * <ul>
 * <li>{@link io.github.advent.eval.segmentation}: 64-bit confusion matrix, per-class IoU, mIoU over
 *     the benchmark's class set (19 for GTA5, 16 and 13 together for SYNTHIA), Cityscapes label
 *     reading, saved-prediction folders, and the parallel evaluator every mode (saved predictions,
 *     a checkpoint, an ensemble) feeds through {@link io.github.advent.eval.segmentation.SegmentationPredictor};</li>
 * <li>{@link io.github.advent.eval.detection}: VOC07 11-point, VOC all-point and COCO AP50 from COCO JSON;</li>
 * <li>{@link io.github.advent.eval.sweep}: ADVENT's best-snapshot sweep with a result cache;</li>
 * <li>{@link io.github.advent.eval.report}: terminal table, JSON, CSV, Markdown and HTML with charts,
 *     each with provenance.</li>
 * </ul>
 * Depends on shared-entropy for I/O only.
 */
package io.github.advent.eval;
