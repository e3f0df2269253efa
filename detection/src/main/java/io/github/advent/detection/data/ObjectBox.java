package io.github.advent.detection.data;

/**
 * One annotated object: an axis-aligned box in pixel coordinates of its image and a class.
 *
 * <p><b>Corners are exclusive at the maximum</b>: the box covers columns {@code [x1, x2)} and rows
 * {@code [y1, y2)}, so a one-pixel object at column c, row r is {@code [c, r, c + 1, r + 1]},
 * width = {@code x2 - x1} (no +1) and a box of the whole W x H image is {@code [0, 0, W, H]}. This is
 * COCO's convention ({@code [x, y, w, h]} -> {@code (x, y, x + w, y + h)}) and what SSD's
 * normalised coordinates divide by the image size; a horizontal flip maps {@code x} to {@code W - x}
 * exactly. (VOC's evaluation instead treats corners as inclusive and adds 1 to widths: the eval
 * module applies that, not the data.)
 *
 * @param classIndex 1..n in {@link DetectionClasses} order (0 is the background and never a box)
 * @param crowd a crowd / group region or a VOC "difficult" object: not a training target, and
 *     ignored (neither a hit nor a miss) by evaluation
 */
public record ObjectBox(float x1, float y1, float x2, float y2, int classIndex, boolean crowd) {
    public ObjectBox {
        if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))) {
            throw new IllegalArgumentException("box corners must be finite: " + x1 + ", " + y1 + ", " + x2 + ", " + y2);
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box corners out of order: [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
        }
        if (classIndex < 1) {
            throw new IllegalArgumentException("class index must be >= 1 (0 is the background), got " + classIndex);
        }
    }

    /** An object that is a training target. */
    public static ObjectBox of(float x1, float y1, float x2, float y2, int classIndex) {
        return new ObjectBox(x1, y1, x2, y2, classIndex, false);
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return width() * height();
    }

    /** At least {@code minSize} pixels wide and high (the datasets' {@code min-size} option). */
    public boolean isAtLeast(float minSize) {
        return width() >= minSize && height() >= minSize;
    }

    /** The box moved by (dx, dy). */
    public ObjectBox translated(float dx, float dy) {
        return new ObjectBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy, classIndex, crowd);
    }

    /** The box mirrored left-right in an image {@code imageWidth} wide. */
    public ObjectBox flippedHorizontally(int imageWidth) {
        return new ObjectBox(imageWidth - x2, y1, imageWidth - x1, y2, classIndex, crowd);
    }

    /** The part of the box inside {@code [0, width) x [0, height)}; may be empty (zero width or height). */
    public ObjectBox clipped(float width, float height) {
        float cx1 = clamp(x1, width);
        float cy1 = clamp(y1, height);
        return new ObjectBox(cx1, cy1, Math.max(cx1, clamp(x2, width)), Math.max(cy1, clamp(y2, height)), classIndex, crowd);
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(v, max));
    }
}
