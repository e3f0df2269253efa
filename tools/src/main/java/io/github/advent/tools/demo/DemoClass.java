package io.github.advent.tools.demo;

import java.util.List;

/**
 * The demo's classes: a Cityscapes-like subset (train-id order kept: road, sidewalk, building, pole,
 * vegetation, sky, person, car), coloured with the Cityscapes palette for viewing.
 */
public enum DemoClass {
    ROAD("road", 128, 64, 128),
    SIDEWALK("sidewalk", 244, 35, 232),
    BUILDING("building", 70, 70, 70),
    POLE("pole", 153, 153, 153),
    VEGETATION("vegetation", 107, 142, 35),
    SKY("sky", 70, 130, 180),
    PERSON("person", 220, 20, 60),
    CAR("car", 0, 0, 142);

    private final String label;
    private final int[] rgb;

    DemoClass(String label, int r, int g, int b) {
        this.label = label;
        this.rgb = new int[] {r, g, b};
    }

    public String label() {
        return label;
    }

    /** The Cityscapes palette colour, for label and prediction images. */
    public int[] paletteRgb() {
        return rgb.clone();
    }

    /** Whether the class has instances with boxes (the detection classes). */
    public boolean isObject() {
        return this == PERSON || this == CAR;
    }

    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(DemoClass::label).toList();
    }

    /** The detection classes in detector order (class 1 = person, 2 = car; 0 is background). */
    public static List<DemoClass> objects() {
        return List.of(PERSON, CAR);
    }
}
