package io.github.advent.eval.detection;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The detection AP protocols the field reports at IoU 0.5 (docs/EVAL-PROTOCOLS.md); always say which. */
public enum ApMetric {
    /** PASCAL VOC 2007 11-point AP (py-faster-rcnn {@code voc_eval}, {@code use_07_metric=True}): DA detection papers. */
    VOC07("voc07", "PASCAL VOC07 11-point AP at IoU > 0.5 (inclusive +1 pixel boxes, difficult boxes ignored)"),
    /** PASCAL VOC 2010+ all-point AP: the area under the monotone precision envelope. */
    VOC("voc", "PASCAL VOC all-point AP at IoU > 0.5 (inclusive +1 pixel boxes, difficult boxes ignored)"),
    /** COCO AP50 (pycocotools, iouThrs [0.5]): detectron2-based papers. */
    COCO50("coco50", "COCO AP50: IoU >= 0.5, 101 recall points, up to 100 detections per image and class,"
            + " area all, crowd boxes ignored");

    private final String cliName;
    private final String description;

    ApMetric(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static ApMetric parse(String name) {
        for (ApMetric m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; known: "
                + Arrays.stream(values()).map(ApMetric::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
