package io.github.advent.tools;

import io.github.advent.entropy.data.DatasetFolders;
import io.github.advent.entropy.data.DatasetReader;
import io.github.advent.entropy.data.DatasetReaders;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.segmentation.data.DatasetOptions;
import io.github.advent.segmentation.data.LabelMap;
import io.github.advent.segmentation.data.PairedFilesDataset;
import io.github.advent.segmentation.data.SegmentationDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A dataset kind defined outside the toolkit, as a user would add one: {@code toy-city=ROOT} holds
 * {@code photos/NAME.png} and, for labelled use, {@code masks/NAME.png} in Cityscapes train ids. It is this class
 * and one line in {@code META-INF/services/io.github.advent.entropy.data.DatasetReaders} (test resources);
 * no file of the toolkit names it.
 */
public final class ToyCityDataset implements DatasetReaders {
    @Override
    public List<DatasetReader<?>> readers() {
        return List.of(SegmentationDatasets.reader("toy-city", Set.of(), List.of(), "photos/NAME.png, masks/NAME.png (train ids)",
                ToyCityDataset::open));
    }

    static PairedFilesDataset open(Path root, DatasetOptions options) {
        DatasetFolders.requireRoot(root, "toy-city");
        Path photos = DatasetFolders.requireFolder(root.resolve("photos"), "toy-city's photos/NAME.png");
        List<PairedFilesDataset.Pair> pairs;
        try (Stream<Path> files = Files.list(photos)) {
            pairs = files.filter(f -> f.toString().endsWith(".png")).sorted().map(f -> {
                String name = f.getFileName().toString().replace(".png", "");
                Path mask = root.resolve("masks").resolve(name + ".png");
                if (options.labelled() && !Files.isRegularFile(mask)) {
                    throw new BadInputException(mask, "missing: the mask of " + f);
                }
                return new PairedFilesDataset.Pair(name, f, mask);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PairedFilesDataset.of("toy-city", root, options, LabelMap.trainIds(), pairs);
    }
}
