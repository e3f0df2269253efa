package io.github.advent.entropy.weights;

/** Where a weight file comes from, as its keys tell (each network lists its own, as an enum). */
public interface WeightLayout {
    /** For messages, e.g. {@code torchvision SSD300-VGG16 checkpoint}. */
    String description();
}
