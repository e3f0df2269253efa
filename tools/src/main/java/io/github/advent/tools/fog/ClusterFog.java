package io.github.advent.tools.fog;

import io.github.advent.tools.cluster.Cluster;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code advent fog --spark}: the frames (found and checked on the driver, before anything is written) cut into
 * partitions and synthesised where the cluster puts them, each written as {@link FoggyCityscapesWriter#writeFrame}
 * writes it: the same bytes as a single-machine run, into an output root every executor must see.
 */
public final class ClusterFog {
    private ClusterFog() {}

    /** A {@link FoggyCityscapesWriter.Frame} that can travel to an executor. */
    record Item(String split, String city, String stem, String image, String disparity, String camera)
            implements Serializable {
        static Item of(FoggyCityscapesWriter.Frame f) {
            return new Item(f.split(), f.city(), f.stem(), Cluster.path(f.image()), Cluster.path(f.disparity()),
                    Cluster.path(f.camera()));
        }

        FoggyCityscapesWriter.Frame frame() {
            return new FoggyCityscapesWriter.Frame(split, city, stem, Path.of(image), Path.of(disparity), Path.of(camera));
        }
    }

    /** Writes one partition's frames; the count. */
    record Synthesise(String cityscapes, String out, double beta) implements Cluster.PartitionTask<Item, Integer> {
        @Override
        public List<Integer> run(List<Item> items) {
            FoggyCityscapesWriter writer = new FoggyCityscapesWriter(Path.of(cityscapes), Path.of(out), beta);
            for (Item item : items) {
                writer.writeFrame(item.frame());
            }
            return List.of(items.size());
        }
    }

    /** Writes every frame through {@code cluster}; the number written. */
    public static int write(Cluster cluster, Path cityscapes, Path out, double beta, List<FoggyCityscapesWriter.Frame> frames) {
        int written = 0;
        for (int count : cluster.map("fog", frames.stream().map(Item::of).toList(),
                new Synthesise(Cluster.path(cityscapes), Cluster.path(out), beta))) {
            written += count;
        }
        return written;
    }
}
