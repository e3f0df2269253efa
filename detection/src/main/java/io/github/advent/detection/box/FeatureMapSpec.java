package io.github.advent.detection.box;

import java.util.List;

/**
 * One SSD source feature map and the default boxes of each of its cells.
 *
 * @param name the layer the map comes from ({@code conv4_3}, {@code conv7}, {@code conv8_2}, …); also the
 *     name of its adaptation level
 * @param size the map's side in cells (square maps)
 * @param step the stride of the map in input pixels; a cell's centre is {@code (j + 0.5) · step / imageSize}
 * @param minSize the side of the square box of scale s_k, in input pixels
 * @param maxSize with {@code minSize}, the extra square box of side {@code sqrt(minSize · maxSize)}
 * @param aspectRatios ratios r > 1; each adds the boxes r:1 and 1:r
 */
public record FeatureMapSpec(String name, int size, int step, int minSize, int maxSize, List<Integer> aspectRatios) {
    public FeatureMapSpec {
        aspectRatios = List.copyOf(aspectRatios);
        if (size < 1 || step < 1 || minSize < 1 || maxSize < minSize) {
            throw new IllegalArgumentException("bad feature map '" + name + "': size " + size + ", step " + step
                    + ", sizes " + minSize + ".." + maxSize);
        }
    }

    /** Default boxes per cell: the two squares plus two per aspect ratio (4 or 6 in SSD-300). */
    public int boxesPerCell() {
        return 2 + 2 * aspectRatios.size();
    }

    /** Default boxes of the whole map: size² · boxes per cell. */
    public int boxes() {
        return size * size * boxesPerCell();
    }
}
