package io.github.advent.tools;

import io.github.advent.detection.data.BoxAnnotation;
import io.github.advent.detection.data.DetectionClasses;
import io.github.advent.detection.data.DetectionDataset;
import io.github.advent.detection.data.ObjectBox;
import io.github.advent.eval.detection.Category;
import io.github.advent.eval.detection.CocoJsonWriter;
import io.github.advent.eval.detection.DetectionGroundTruth;
import io.github.advent.eval.detection.GroundTruthBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled detection dataset's boxes as the eval module scores them and as COCO ground truth.
 *
 * <ul>
 *   <li><b>Image ids</b>: 1 + the image's position in the dataset, whose frames are sorted by name (Cityscapes:
 *       city, sequence, frame), or in the order of a {@code list=FILE}; the same split and options give the
 *       same ids. The COCO file's {@code images} name each id's file ({@code file_name} relative to the root).
 *   <li><b>Categories</b>: the dataset's classes, ids 1..n in their order (Cityscapes: person 1 … bicycle 8),
 *       the detector's class indices.
 *   <li><b>Boxes</b>: {@code [x1, y1, x2 − x1, y2 − y1]} of the dataset's exclusive-max corners, annotation ids
 *       from 1 in image order; a crowd box (a Cityscapes group region read from polygons) is COCO
 *       {@code iscrowd} and, for the VOC metrics, "difficult": neither a hit nor a miss.
 * </ul>
 */
record DatasetGroundTruth(DetectionGroundTruth truth, List<CocoJsonWriter.Image> images, List<Category> categories) {

    /** The image id of sample {@code index}. */
    static long imageId(int index) {
        return index + 1L;
    }

    /** The categories of {@code classes}: ids 1..n. */
    static List<Category> categories(DetectionClasses classes) {
        List<Category> categories = new ArrayList<>();
        for (int c = 1; c <= classes.size(); c++) {
            categories.add(new Category(c, classes.name(c)));
        }
        return categories;
    }

    /** Reads every sample's boxes (not its image); {@code bar} counts samples. */
    static DatasetGroundTruth of(DetectionDataset dataset, ProgressBar bar) {
        List<CocoJsonWriter.Image> images = new ArrayList<>();
        List<GroundTruthBox> boxes = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        Path root = dataset.root().toAbsolutePath().normalize();
        for (int i = 0; i < dataset.size(); i++) {
            long id = imageId(i);
            BoxAnnotation annotation = dataset.boxes(i);
            Path file = dataset.imageFile(i).toAbsolutePath().normalize();
            String name = (file.startsWith(root) ? root.relativize(file) : file).toString().replace('\\', '/');
            images.add(new CocoJsonWriter.Image(id, name, annotation.width(), annotation.height()));
            ids.add(id);
            for (ObjectBox b : annotation.boxes()) {
                double w = (double) b.x2() - b.x1();
                double h = (double) b.y2() - b.y1();
                boxes.add(new GroundTruthBox(boxes.size() + 1L, id, b.classIndex(), b.x1(), b.y1(), w, h, w * h,
                        b.crowd(), false));
            }
            bar.step();
        }
        List<Category> categories = categories(dataset.classes());
        return new DatasetGroundTruth(new DetectionGroundTruth(ids, categories, boxes), images, categories);
    }

    void write(Path file) {
        CocoJsonWriter.writeGroundTruth(file, images, categories, truth.boxes());
    }
}
