package io.github.advent.detection.data;

import io.github.advent.entropy.data.CityscapesFiles;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Which Cityscapes {@code gtFine} file a sample's boxes come from. */
public enum BoxSource {
    /**
     * {@code *_gtFine_instanceIds.png}: the tight box of each instance mask, as the domain-adaptive
     * detection benchmark (Chen et al. 2018) made its boxes. The default.
     */
    INSTANCE_IDS("instanceIds", CityscapesFiles.INSTANCE_IDS_SUFFIX),
    /** {@code *_gtFine_polygons.json}: the box of each annotated polygon, group polygons as crowd boxes. */
    POLYGONS("polygons", CityscapesFiles.POLYGONS_SUFFIX);

    private final String optionValue;
    private final String suffix;

    BoxSource(String optionValue, String suffix) {
        this.optionValue = optionValue;
        this.suffix = suffix;
    }

    /** The value of the {@code boxes=} option. */
    public String optionValue() {
        return optionValue;
    }

    /** The gtFine file suffix. */
    public String suffix() {
        return suffix;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static BoxSource parse(String value) {
        for (BoxSource source : values()) {
            if (source.optionValue.equalsIgnoreCase(value.strip())) {
                return source;
            }
        }
        throw new IllegalArgumentException("boxes must be " + Arrays.stream(values()).map(BoxSource::optionValue)
                .collect(Collectors.joining(" or ")) + ", got '" + value + "'");
    }
}
