package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.Image8;
import java.util.List;

/**
 * Colours for train ids, for prediction images: the official Cityscapes colours
 * (cityscapesScripts' labels.py), in the 19-class numbering or SYNTHIA's 16-class numbering (the
 * same colour per class). The ignore id 255, and any id without a colour, is black.
 */
public final class Palette {
    private static final int[][] CITYSCAPES_19_RGB = {
        {128, 64, 128},   // road
        {244, 35, 232},   // sidewalk
        {70, 70, 70},     // building
        {102, 102, 156},  // wall
        {190, 153, 153},  // fence
        {153, 153, 153},  // pole
        {250, 170, 30},   // traffic light
        {220, 220, 0},    // traffic sign
        {107, 142, 35},   // vegetation
        {152, 251, 152},  // terrain
        {70, 130, 180},   // sky
        {220, 20, 60},    // person
        {255, 0, 0},      // rider
        {0, 0, 142},      // car
        {0, 0, 70},       // truck
        {0, 60, 100},     // bus
        {0, 80, 100},     // train
        {0, 0, 230},      // motorcycle
        {119, 11, 32},    // bicycle
    };

    private static final Palette CITYSCAPES_19 = new Palette("cityscapes-19", LabelMap.CITYSCAPES_19_CLASSES, CITYSCAPES_19_RGB);
    private static final Palette SYNTHIA_16 = new Palette("synthia-16", LabelMap.SYNTHIA_16_CLASSES, sixteen());

    private final String name;
    private final List<String> classes;
    private final int[][] rgb;

    private Palette(String name, List<String> classes, int[][] rgb) {
        this.name = name;
        this.classes = classes;
        this.rgb = rgb;
    }

    /** The official Cityscapes colours of the 19 train ids (road = (128, 64, 128)). */
    public static Palette cityscapes19() {
        return CITYSCAPES_19;
    }

    /** The same colours in SYNTHIA's 16-class numbering. */
    public static Palette synthia16() {
        return SYNTHIA_16;
    }

    /** The palette for a model with {@code numClasses} outputs: 16 -> SYNTHIA's numbering, else Cityscapes'. */
    public static Palette forClasses(int numClasses) {
        return numClasses == 16 ? SYNTHIA_16 : CITYSCAPES_19;
    }

    public String name() {
        return name;
    }

    public List<String> classes() {
        return classes;
    }

    /** {r, g, b} of a train id (a copy); black for 255 and ids without a colour. */
    public int[] rgb(int trainId) {
        return trainId >= 0 && trainId < rgb.length ? rgb[trainId].clone() : new int[] {0, 0, 0};
    }

    /** An RGB image of {@code trainIds} ({@code width x height}, row-major). */
    public Image8 colourise(int[] trainIds, int width, int height) {
        if (trainIds.length != width * height) {
            throw new IllegalArgumentException(trainIds.length + " labels for " + width + "x" + height);
        }
        byte[] data = new byte[trainIds.length * 3];
        for (int p = 0; p < trainIds.length; p++) {
            int t = trainIds[p];
            if (t >= 0 && t < rgb.length) {
                data[3 * p] = (byte) rgb[t][0];
                data[3 * p + 1] = (byte) rgb[t][1];
                data[3 * p + 2] = (byte) rgb[t][2];
            }
        }
        return new Image8(width, height, 3, data);
    }

    private static int[][] sixteen() {
        int[][] out = new int[16][];
        for (int t19 = 0; t19 < 19; t19++) {
            int t16 = LabelMap.SIXTEEN_OF_NINETEEN[t19];
            if (t16 != LabelMap.IGNORE) {
                out[t16] = CITYSCAPES_19_RGB[t19];
            }
        }
        return out;
    }
}
