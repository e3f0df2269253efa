/**
 * Metrics with no model inside: confusion matrix and mIoU (19/16/13), VOC07 / VOC / COCO-AP50 detection AP, reports and provenance.
 *
 * <p>Not built yet: see the project's issues. Depends on shared-entropy only.
 */
package io.github.advent.eval;
