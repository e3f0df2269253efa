package io.github.advent.eval.detection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The images, classes and boxes detections are scored against. Images are kept in ascending id
 * order and categories in ascending id order (as pycocotools sorts them); an image may have no box.
 */
public final class DetectionGroundTruth {
    private final List<Long> imageIds;
    private final List<Category> categories;
    private final List<GroundTruthBox> boxes;
    private final Set<Long> imageSet;
    private final Map<Long, Category> categoryById;

    /** Checks that ids are unique and that every box names a known image and category. */
    public DetectionGroundTruth(List<Long> imageIds, List<Category> categories, List<GroundTruthBox> boxes) {
        this.imageIds = imageIds.stream().sorted().toList();
        this.categories = categories.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        this.boxes = List.copyOf(boxes);
        this.imageSet = new HashSet<>(imageIds);
        if (imageSet.size() != imageIds.size()) {
            throw new IllegalArgumentException("duplicate image ids");
        }
        this.categoryById = new HashMap<>();
        for (Category c : categories) {
            if (categoryById.put(c.id(), c) != null) {
                throw new IllegalArgumentException("duplicate category id " + c.id());
            }
        }
        for (GroundTruthBox b : boxes) {
            if (!imageSet.contains(b.imageId())) {
                throw new IllegalArgumentException("box " + b.id() + " names unknown image id " + b.imageId());
            }
            if (!categoryById.containsKey(b.categoryId())) {
                throw new IllegalArgumentException("box " + b.id() + " names unknown category id " + b.categoryId());
            }
        }
    }

    public List<Long> imageIds() {
        return imageIds;
    }

    public List<Category> categories() {
        return categories;
    }

    public List<GroundTruthBox> boxes() {
        return boxes;
    }

    public boolean hasImage(long id) {
        return imageSet.contains(id);
    }

    public Category category(long id) {
        return categoryById.get(id);
    }

    /** The boxes of one category, grouped by image id, in file order within an image. */
    Map<Long, List<GroundTruthBox>> boxesByImage(long categoryId) {
        Map<Long, List<GroundTruthBox>> map = new HashMap<>();
        for (GroundTruthBox b : boxes) {
            if (b.categoryId() == categoryId) {
                map.computeIfAbsent(b.imageId(), k -> new ArrayList<>()).add(b);
            }
        }
        return map;
    }
}
