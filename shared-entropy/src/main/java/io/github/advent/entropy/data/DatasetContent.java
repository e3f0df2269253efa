package io.github.advent.entropy.data;

/** What a kind of dataset can give a task: a target needs images only, a source or an evaluation set the task's labels. */
public enum DatasetContent {
    IMAGES("images"),
    SEGMENTATION_LABELS("segmentation labels"),
    BOXES("boxes");

    private final String description;

    DatasetContent(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
