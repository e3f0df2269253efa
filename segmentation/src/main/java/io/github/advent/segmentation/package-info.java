/**
 * DeepLab-V2 (ResNet-101 and smaller depths), the segmentation task, GTA5 / SYNTHIA / Cityscapes / Foggy Cityscapes / plain-folder datasets and label maps.
 *
 * <p>Not built yet: see the project's issues. Depends on shared-entropy only.
 */
package io.github.advent.segmentation;
