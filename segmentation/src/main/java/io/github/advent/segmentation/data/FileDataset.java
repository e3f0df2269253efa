package io.github.advent.segmentation.data;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.entropy.io.Image8;
import io.github.advent.entropy.io.Images;
import io.github.advent.entropy.io.IntImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the layouts share: a list of (name, image file, label file) found when the dataset was
 * opened, decoded on demand. Subclasses only find their files and say how their label files store ids.
 */
public abstract sealed class FileDataset implements SegmentationDataset
        permits Gta5Dataset, SynthiaDataset, CityscapesDataset, FoggyCityscapesDataset, AcdcDataset, DarkZurichDataset,
        FolderDataset, PairedFilesDataset {

    /** How a layout's label files hold the ids. */
    enum LabelEncoding {
        /** 8-bit (or, for 16-bit maps, 16-bit) grey, or an 8-bit palette PNG whose indices are the ids. */
        GREY_OR_PALETTE,
        /** SYNTHIA: a 16-bit PNG whose first channel (red, in file order) holds the class id. */
        FIRST_CHANNEL_16
    }

    private final String kind;
    private final Path root;
    private final DatasetOptions options;
    private final ImageSize sampleSize;
    private final LabelMap labelMap;
    private final LabelEncoding encoding;
    private final List<Layout.Entry> entries;
    private final Map<String, Integer> byName = new HashMap<>();
    private final UnknownIdCensus census;

    FileDataset(String kind, Path root, DatasetOptions options, ImageSize defaultSize, LabelMap labelMap,
            LabelEncoding encoding, List<Layout.Entry> entries) {
        this.kind = kind;
        this.root = root;
        this.options = options;
        ImageSize size = options.size() != null ? options.size() : defaultSize;
        this.sampleSize = size == null || size.isNative() ? null : size;
        this.labelMap = labelMap;
        this.encoding = encoding;
        this.entries = List.copyOf(entries);
        for (int i = 0; i < this.entries.size(); i++) {
            byName.put(this.entries.get(i).name(), i);
        }
        this.census = new UnknownIdCensus(kind + " " + root, labelMap.name(), this.entries.size());
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public DatasetOptions options() {
        return options;
    }

    @Override
    public ImageSize sampleSize() {
        return sampleSize;
    }

    @Override
    public boolean labelled() {
        return options.labelled();
    }

    @Override
    public LabelMap labelMap() {
        return labelMap;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public String name(int index) {
        return entry(index).name();
    }

    @Override
    public int indexOf(String name) {
        return byName.getOrDefault(name, -1);
    }

    @Override
    public Path imageFile(int index) {
        return entry(index).image();
    }

    @Override
    public Path labelFile(int index) {
        return entry(index).label();
    }

    @Override
    public UnknownIdCensus unknownIds() {
        return census;
    }

    @Override
    public SegmentationSample get(int index) {
        Layout.Entry entry = entry(index);
        Image8 rgb = Images.readRgb(entry.image());
        MappedLabels labels = null;
        if (labelled()) {
            labels = readLabels(index, entry);
            checkSameSize(entry, labels, rgb.width(), rgb.height());
        }
        int width = sampleSize != null ? sampleSize.width() : rgb.width();
        int height = sampleSize != null ? sampleSize.height() : rgb.height();
        float[] image = Preprocessing.toNetworkInput(Preprocessing.resizeImage(rgb, width, height));
        int[] trainIds = labels == null ? null : Preprocessing.resizeLabels(labels, width, height).trainIds();
        return new SegmentationSample(entry.name(), image, height, width, trainIds);
    }

    @Override
    public MappedLabels labels(int index) {
        Layout.Entry entry = entry(index);
        requireLabelled();
        MappedLabels labels = readLabels(index, entry);
        Images.ImageInfo image = Images.info(entry.image());
        checkSameSize(entry, labels, image.width(), image.height());
        return labels;
    }

    @Override
    public MappedLabels trainingLabels(int index) {
        Layout.Entry entry = entry(index);
        requireLabelled();
        MappedLabels labels = readLabels(index, entry);
        Images.ImageInfo image = Images.info(entry.image());
        checkSameSize(entry, labels, image.width(), image.height());
        int width = sampleSize != null ? sampleSize.width() : image.width();
        int height = sampleSize != null ? sampleSize.height() : image.height();
        return Preprocessing.resizeLabels(labels, width, height);
    }

    @Override
    public String describe() {
        return String.format("%s at %s: %,d %s samples, %s, label map %s", kind, root, size(),
                labelled() ? "labelled" : "unlabelled", sampleSize == null ? "each at its own size" : "resized to " + sampleSize,
                labelMap.describe());
    }

    @Override
    public String toString() {
        return describe();
    }

    private Layout.Entry entry(int index) {
        Objects.checkIndex(index, entries.size());
        return entries.get(index);
    }

    private void requireLabelled() {
        if (!labelled()) {
            throw new IllegalStateException(kind + " at " + root + " was opened without labels");
        }
    }

    private MappedLabels readLabels(int index, Layout.Entry entry) {
        Path file = entry.label();
        IntImage ids = switch (encoding) {
            case GREY_OR_PALETTE -> {
                IntImage grey = Images.readGrey(file);
                if (grey.bitDepth() > labelMap.idBits()) {
                    throw new BadInputException(file, grey.bitDepth() + "-bit label image: the label map " + labelMap.name()
                            + " takes " + labelMap.idBits() + "-bit label ids (is this an instanceIds or disparity file?)");
                }
                yield grey;
            }
            case FIRST_CHANNEL_16 -> {
                Images.ImageInfo info = Images.info(file);
                if (info.bitDepth() != 16) {
                    throw new BadInputException(file, info.bitDepth() + "-bit label image: SYNTHIA's GT/LABELS files are 16-bit PNGs"
                            + " with the class id in the first channel (is this a GT/COLOR file?)");
                }
                yield Images.readChannel(file, 0);
            }
        };
        MappedLabels labels = labelMap.map(ids);
        census.record(index, file.toString(), labels);
        return labels;
    }

    private void checkSameSize(Layout.Entry entry, MappedLabels labels, int imageWidth, int imageHeight) {
        if (labels.width() != imageWidth || labels.height() != imageHeight) {
            if (options.resizeMismatched()) {
                return;
            }
            throw new BadInputException(entry.label(), "label is " + labels.width() + "x" + labels.height() + " but its image "
                    + entry.image() + " is " + imageWidth + "x" + imageHeight + " (option size-mismatch=resize resizes each"
                    + " to the sample size, as ADVENT did)");
        }
    }
}
