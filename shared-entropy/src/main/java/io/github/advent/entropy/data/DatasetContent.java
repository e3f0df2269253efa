package io.github.advent.entropy.data;

/**
 * What a kind of dataset can give a task: a target needs images only, a source or an evaluation set the task's
 * labels. Open to new tasks: a task module names its own labels with {@link #of} (classification: "class labels")
 * without touching this file. Two contents are the same when their descriptions are.
 */
public final class DatasetContent {
    public static final DatasetContent IMAGES = new DatasetContent("images");
    public static final DatasetContent SEGMENTATION_LABELS = new DatasetContent("segmentation labels");
    public static final DatasetContent BOXES = new DatasetContent("boxes");

    private final String description;

    private DatasetContent(String description) {
        this.description = description;
    }

    /** A task's own kind of label, described as messages show it ("class labels"). */
    public static DatasetContent of(String description) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("a dataset content needs a description");
        }
        return new DatasetContent(description);
    }

    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetContent content && content.description.equals(description);
    }

    @Override
    public int hashCode() {
        return description.hashCode();
    }

    @Override
    public String toString() {
        return description;
    }
}
