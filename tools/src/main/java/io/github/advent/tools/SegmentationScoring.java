package io.github.advent.tools;

import io.github.advent.eval.segmentation.ConfusionMatrix;
import io.github.advent.eval.segmentation.LabelledImage;
import io.github.advent.eval.segmentation.PredictionFolder;
import io.github.advent.eval.segmentation.SegmentationEvaluator;
import io.github.advent.eval.segmentation.SegmentationPredictor;
import io.github.advent.segmentation.SegmentationEnsemble;
import io.github.advent.tools.Choices.DeviceChoice;
import io.github.advent.tools.cluster.Cluster;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code advent evaluate segmentation --spark}: the labelled images cut into partitions, each partition scored where
 * the cluster puts it (the checkpoint loaded once per partition) into its confusion matrix, the matrices summed on the
 * driver. Counts are integers, so the sum, and every score computed from it, is the single-machine one to the last digit.
 */
final class SegmentationScoring {
    private SegmentationScoring() {}

    /** A {@link LabelledImage} that can travel to an executor. */
    record Image(String id, String city, String labelFile, String imageFile) implements Serializable {
        static Image of(LabelledImage image) {
            return new Image(image.id(), image.city(), Cluster.path(image.labelFile()),
                    image.imageFile() == null ? null : Cluster.path(image.imageFile()));
        }

        LabelledImage labelled() {
            return new LabelledImage(id, city, Path.of(labelFile), imageFile == null ? null : Path.of(imageFile));
        }
    }

    /**
     * What predicts: checkpoints with weights (an ensemble of one or more) at an input size, or a folder of saved
     * predictions (named as the benchmarks name images, or by the image's stem for a dataset of your own).
     */
    record Source(List<String> checkpoints, List<Double> weights, String predictions, boolean predictionsByStem,
            DeviceChoice device, int width, int height) implements Serializable {
        static Source checkpoints(List<SegmentationEnsemble.Member> members, DeviceChoice device, ImageSize input) {
            return new Source(members.stream().map(m -> Cluster.path(m.checkpoint())).toList(),
                    members.stream().map(SegmentationEnsemble.Member::weight).toList(), null, false, device, input.width(),
                    input.height());
        }

        static Source predictions(Path folder, boolean byStem) {
            return new Source(List.of(), List.of(), Cluster.path(folder), byStem, null, 0, 0);
        }

        SegmentationPredictor open() {
            if (predictions != null) {
                return predictionsByStem ? PredictionFolder.indexByStem(Path.of(predictions))
                        : PredictionFolder.index(Path.of(predictions));
            }
            List<SegmentationEnsemble.Member> members = new ArrayList<>();
            for (int i = 0; i < checkpoints.size(); i++) {
                members.add(new SegmentationEnsemble.Member(Path.of(checkpoints.get(i)), weights.get(i)));
            }
            return new EnsemblePredictor(new SegmentationEnsemble(members, Devices.resolve(device), width, height));
        }

        /** A source that predicts with one snapshot instead. */
        Source snapshot(String checkpoint) {
            return new Source(List.of(checkpoint), List.of(1.0), null, false, device, width, height);
        }
    }

    /** The confusion matrix of one partition's images. */
    record ScoreImages(Source source, int classes, int[] labelLookup)
            implements Cluster.PartitionTask<Image, long[][]> {
        @Override
        public List<long[][]> run(List<Image> items) {
            try (SegmentationPredictor predictor = source.open()) {
                return java.util.Collections.singletonList(matrix(predictor, items, classes, labelLookup).toArray());
            }
        }
    }

    /** One (snapshot, image) pair of a checkpoint sweep. */
    record SnapshotImage(String snapshot, Image image) implements Serializable {}

    /** A snapshot's confusion matrix over part of the images. */
    record SnapshotMatrix(String snapshot, long[][] matrix) implements Serializable {}

    /** The pairs of one partition, snapshot by snapshot (each loaded once), into one matrix per snapshot. */
    record ScoreSnapshots(Source source, int classes, int[] labelLookup)
            implements Cluster.PartitionTask<SnapshotImage, SnapshotMatrix> {
        @Override
        public List<SnapshotMatrix> run(List<SnapshotImage> items) {
            Map<String, List<Image>> bySnapshot = new LinkedHashMap<>();
            for (SnapshotImage item : items) {
                bySnapshot.computeIfAbsent(item.snapshot(), s -> new ArrayList<>()).add(item.image());
            }
            List<SnapshotMatrix> out = new ArrayList<>();
            bySnapshot.forEach((snapshot, images) -> {
                try (SegmentationPredictor predictor = source.snapshot(snapshot).open()) {
                    out.add(new SnapshotMatrix(snapshot, matrix(predictor, images, classes, labelLookup).toArray()));
                }
            });
            return out;
        }
    }

    /** The images' confusion matrix through {@code cluster}: the sum of its partitions'. */
    static ConfusionMatrix accumulate(Cluster cluster, List<LabelledImage> images, Source source, int classes,
            int[] labelLookup) {
        List<Image> items = images.stream().map(Image::of).toList();
        ConfusionMatrix total = new ConfusionMatrix(classes);
        for (long[][] part : cluster.map("evaluate segmentation", items, new ScoreImages(source, classes, labelLookup))) {
            total.add(ConfusionMatrix.of(part));
        }
        return total;
    }

    /** Every snapshot's confusion matrix over all {@code images}, as one job over snapshots x images. */
    static Map<Path, ConfusionMatrix> accumulateSnapshots(Cluster cluster, List<Path> snapshots, List<LabelledImage> images,
            Source source, int classes, int[] labelLookup) {
        List<SnapshotImage> items = new ArrayList<>();
        for (Path snapshot : snapshots) {
            for (LabelledImage image : images) {
                items.add(new SnapshotImage(Cluster.path(snapshot), Image.of(image)));
            }
        }
        Map<Path, ConfusionMatrix> totals = new LinkedHashMap<>();
        Map<String, ConfusionMatrix> byShippedPath = new LinkedHashMap<>();
        for (Path snapshot : snapshots) {
            totals.put(snapshot, new ConfusionMatrix(classes));
            byShippedPath.put(Cluster.path(snapshot), totals.get(snapshot));
        }
        for (SnapshotMatrix part : cluster.map("evaluate segmentation sweep", items,
                new ScoreSnapshots(source, classes, labelLookup))) {
            byShippedPath.get(part.snapshot()).add(ConfusionMatrix.of(part.matrix()));
        }
        return totals;
    }

    private static ConfusionMatrix matrix(SegmentationPredictor predictor, List<Image> items, int classes,
            int[] labelLookup) {
        List<LabelledImage> images = items.stream().map(Image::labelled).toList();
        // one thread: the cluster's slots are the parallelism (and a network runs one image at a time)
        return SegmentationEvaluator.accumulate(images, predictor, classes, labelLookup,
                SegmentationEvaluator.Options.withThreads(1), SegmentationEvaluator.Progress.NONE);
    }
}
