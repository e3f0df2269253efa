package io.github.advent.detection.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which class of a weight file's confidence heads each class of the network starts from: the rows of
 * {@code conf.i} (weight and bias, channel {@code g·K + k} for box g and class k) are copied from the file's
 * rows of class {@code sourceClass[k]}, for every box of the cell.
 *
 * <p>{@link #COCO_TO_CITYSCAPES}: COCO-trained detectors (torchvision's 91 ids, ssd.pytorch's 81 contiguous
 * ones: both number person 1, bicycle 2, car 3, motorcycle 4, bus 6, train 7, truck 8) onto the Cityscapes
 * benchmark's 8 classes: person and rider both from person (COCO has no rider), car, truck, bus, train,
 * motorcycle, bicycle; the background from the background.
 *
 * @param description what the map does, for the import summary
 * @param sourceClasses the file's class count
 * @param sourceClass per network class 0..K−1, the file's class it is copied from
 */
public record HeadClassMap(String description, int sourceClasses, int[] sourceClass) {
    /** COCO (81 or 91 classes) onto Cityscapes' 8 plus background (see the class documentation). */
    public static HeadClassMap cocoToCityscapes(int cocoClasses) {
        return new HeadClassMap("COCO -> Cityscapes (person -> person and rider, car, truck, bus, train, motorcycle,"
                + " bicycle)", cocoClasses, new int[] {0, 1, 1, 3, 8, 6, 7, 4, 2});
    }

    /** torchvision's COCO class count (80 categories under their 1..90 ids, plus the background). */
    public static final int TORCHVISION_COCO_CLASSES = 91;
    /** ssd.pytorch's COCO class count (80 contiguous ids plus the background). */
    public static final int CONTIGUOUS_COCO_CLASSES = 81;

    public HeadClassMap {
        sourceClass = sourceClass.clone();
        for (int c : sourceClass) {
            if (c < 0 || c >= sourceClasses) {
                throw new IllegalArgumentException("class " + c + " is not among the file's " + sourceClasses);
            }
        }
    }

    @Override
    public int[] sourceClass() {
        return sourceClass.clone();
    }

    /** Classes of the network this map fills. */
    public int targetClasses() {
        return sourceClass.length;
    }

    /** The map COCO heads (81 or 91 classes) need to start a Cityscapes network (9 classes), if these are the counts. */
    public static Optional<HeadClassMap> between(int fileClasses, int networkClasses) {
        boolean coco = fileClasses == TORCHVISION_COCO_CLASSES || fileClasses == CONTIGUOUS_COCO_CLASSES;
        return coco && networkClasses == SsdConfig.DEFAULT_CLASSES ? Optional.of(cocoToCityscapes(fileClasses))
                : Optional.empty();
    }

    /**
     * A confidence head's weight ({@code [G·sourceClasses, ...]}) or bias ({@code [G·sourceClasses]}) as
     * {@code values} holds it, with the rows this map selects: {@code G·targetClasses} rows of {@code rowLength}
     * values each; null when the first dimension is not a multiple of the file's class count.
     */
    float[] select(float[] values, long rows, long rowLength) {
        if (rows % sourceClasses != 0) {
            return null;
        }
        int boxes = Math.toIntExact(rows / sourceClasses);
        int length = Math.toIntExact(rowLength);
        float[] out = new float[boxes * sourceClass.length * length];
        int at = 0;
        for (int g = 0; g < boxes; g++) {
            for (int c : sourceClass) {
                int from = (g * sourceClasses + c) * length;
                System.arraycopy(values, from, out, at, length);
                at += length;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "HeadClassMap[" + description + ", " + sourceClasses + " -> " + Arrays.toString(sourceClass) + "]";
    }
}
