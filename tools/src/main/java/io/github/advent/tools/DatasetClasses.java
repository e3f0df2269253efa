package io.github.advent.tools;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.segmentation.ClassSet;
import io.github.advent.segmentation.data.LabelMap;
import io.github.advent.segmentation.data.SegmentationDataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The classes a dataset read through its segmentation reader is scored on: its label map's (a labelled folder's
 * labels.txt, ACDC's 19 train ids), with the lookup from the values in its label files to those classes. The same
 * set for every command, so that a model trained on a folder's classes is scored on them.
 *
 * @param set the classes: the Cityscapes 19 or SYNTHIA 16 when the map names exactly those, else the map's own
 * @param lookup label value -> train id, {@link ClassSet#IGNORE} for ids ignored on purpose, {@link ClassSet#INVALID}
 *     for values the map does not know
 * @param labelsFile the label-map file the classes come from; empty for a built-in map
 */
record DatasetClasses(ClassSet set, int[] lookup, Optional<Path> labelsFile) {

    static DatasetClasses of(SegmentationDataset data) {
        LabelMap map = data.labelMap();
        int[] lookup = new int[Math.max(256, map.table().lastKey() + 1)];
        Arrays.fill(lookup, ClassSet.INVALID);
        map.table().forEach((id, trainId) -> lookup[id] = trainId == LabelMap.IGNORE ? ClassSet.IGNORE : trainId);
        return new DatasetClasses(ClassSet.of(map.classNames(), map.name()), lookup, map.file());
    }

    /**
     * Bad input unless a model predicting {@code modelClasses} fits these classes: named at the labels file where
     * the classes come from one, else at the checkpoint (the message the Cityscapes sets have always given).
     */
    void requireModel(int modelClasses, Path checkpoint) {
        if (modelClasses == set.size()) {
            return;
        }
        if (labelsFile.isPresent()) {
            throw new BadInputException(labelsFile.get(), "names " + set.size() + " classes, but " + checkpoint
                    + " predicts " + modelClasses + "; score a model trained on these classes");
        }
        throw new BadInputException(checkpoint, "predicts " + modelClasses + " classes; the " + set.size()
                + "-class set needs a " + set.size() + "-class model");
    }
}
