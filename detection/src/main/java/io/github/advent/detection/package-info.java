/**
 * SSD-300 (VGG-16), default boxes, box coding, matching and hard-negative mining, per-class NMS, the detection task, Cityscapes boxes and Foggy Cityscapes.
 *
 * <p>Not built yet: see the project's issues. Depends on shared-entropy only.
 */
package io.github.advent.detection;
