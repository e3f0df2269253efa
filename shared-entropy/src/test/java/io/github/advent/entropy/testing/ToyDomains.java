package io.github.advent.entropy.testing;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.util.SplitMix64;

/**
 * Two small, visibly different image domains with the same 3-class layout: a background and two
 * rectangles. The source is clean with saturated colours; the target has washed-out colours and
 * strong noise, so a source-trained model is unsure (high entropy) there.
 */
public final class ToyDomains {
    public static final int CLASSES = 3;

    public enum Domain {
        SOURCE(new float[][] {{0.2f, 0.2f, 0.2f}, {0.9f, 0.1f, 0.1f}, {0.1f, 0.1f, 0.9f}}, 0.05f),
        TARGET(new float[][] {{0.4f, 0.35f, 0.3f}, {0.65f, 0.35f, 0.3f}, {0.35f, 0.3f, 0.6f}}, 0.3f);

        final float[][] palette;
        final float noise;

        Domain(float[][] palette, float noise) {
            this.palette = palette;
            this.noise = noise;
        }
    }

    private ToyDomains() {}

    /** Batch {@code index} of a domain: N images 3 x size x size and their N x size x size labels. */
    public static Batch batch(NDManager manager, Domain domain, long index, int images, int size) {
        SplitMix64 random = SplitMix64.derived(domain.ordinal() * 1_000_003L, index);
        float[] pixels = new float[images * 3 * size * size];
        long[] labels = new long[images * size * size];
        for (int n = 0; n < images; n++) {
            int[] map = layout(random, size);
            for (int i = 0; i < size * size; i++) {
                labels[n * size * size + i] = map[i];
                for (int c = 0; c < 3; c++) {
                    float value = domain.palette[map[i]][c] + (float) random.nextGaussian() * domain.noise;
                    pixels[((n * 3 + c) * size * size) + i] = value;
                }
            }
        }
        NDList inputs = new NDList(manager.create(pixels, new Shape(images, 3, size, size)));
        NDList labelList = new NDList(manager.create(labels, new Shape(images, size, size)));
        return new Batch(inputs, labelList);
    }

    /** A target batch as adaptation sees it: images only. */
    public static Batch unlabelled(NDManager manager, Domain domain, long index, int images, int size) {
        Batch full = batch(manager, domain, index, images, size);
        full.labels().close();
        return Batch.unlabelled(full.inputs());
    }

    private static int[] layout(SplitMix64 random, int size) {
        int[] map = new int[size * size];
        for (int cls = 1; cls < CLASSES; cls++) {
            int h = 3 + random.nextInt(size / 2);
            int w = 3 + random.nextInt(size / 2);
            int top = random.nextInt(size - h + 1);
            int left = random.nextInt(size - w + 1);
            for (int y = top; y < top + h; y++) {
                for (int x = left; x < left + w; x++) {
                    map[y * size + x] = cls;
                }
            }
        }
        return map;
    }
}
