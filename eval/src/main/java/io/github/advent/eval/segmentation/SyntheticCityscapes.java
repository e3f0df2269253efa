package io.github.advent.eval.segmentation;

import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.io.LabelPng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Generated street-scene-like label maps in the Cityscapes layout, with imperfect train-id
 * predictions for them, for benchmarks and tests: sky, buildings and vegetation over road and
 * sidewalk, with poles, signs, cars and people, ignored regions (unlabeled, ego vehicle) at the
 * borders; the prediction is the label shifted by a few pixels with wrong rectangles painted over.
 * Compressed like real label PNGs (a few tens of KB at 2048x1024), so decoding costs what it
 * costs on Cityscapes.
 */
public final class SyntheticCityscapes {
    private static final String[] CITIES = {"frankfurt", "lindau", "munster"};

    private SyntheticCityscapes() {}

    /**
     * Writes {@code count} label maps under {@code root/gtFine/{split}/{city}/} and their
     * predictions under {@code predictions/{city}/}; returns the images, sorted by id.
     */
    public static List<LabelledImage> write(Path root, String split, Path predictions, int count, int width,
            int height, long seed, int threads, IntConsumer progress) {
        int[] toTrain = ClassSet.CITYSCAPES_19.labelIdToTrainId();
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String city = CITIES[i % CITIES.length];
            String id = String.format("%s_%06d_%06d", city, i / 1000, i % 1000);
            Path label = root.resolve("gtFine").resolve(split).resolve(city).resolve(id + "_gtFine_labelIds.png");
            images.add(new LabelledImage(id, city, label, root.resolve("leftImg8bit").resolve(split).resolve(city)
                    .resolve(id + "_leftImg8bit.png")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    LabelledImage image = images.get(index);
                    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
                    byte[] labelIds = scene(width, height, rng);
                    LabelPng.write(image.labelFile(), LabelImage.ofBytes(width, height, labelIds));
                    byte[] prediction = prediction(labelIds, toTrain, width, height, rng);
                    LabelPng.write(predictions.resolve(image.city()).resolve(image.id() + "_leftImg8bit.png"),
                            LabelImage.ofBytes(width, height, prediction));
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return images;
    }

    /** A label-id map of a street scene, with the ragged and slanted edges of rasterised polygons. */
    static byte[] scene(int w, int h, SplittableRandom rng) {
        byte[] m = new byte[w * h];
        int unit = Math.max(1, w / 256); // sizes scale with the image (8 px at 2048 wide)
        int horizon = (int) (h * (0.40 + 0.1 * rng.nextDouble()));
        fill(m, w, 0, 0, w, horizon, 23); // sky
        for (int x = 0; x < w;) { // buildings and trees along the horizon
            int bw = Math.max(1, w / 50) + rng.nextInt(Math.max(1, w / 6));
            int top = (int) (h * (0.05 + 0.3 * rng.nextDouble()));
            ragged(m, w, x, top, Math.min(w, x + bw), horizon + h / 10, rng.nextInt(4) == 0 ? 21 : 11, rng, unit);
            x += bw;
        }
        for (int k = rng.nextInt(40, 120); k > 0; k--) { // foliage, walls, fences, terrain patches
            int bw = unit + rng.nextInt(12 * unit);
            int bh = unit + rng.nextInt(10 * unit);
            int x = rng.nextInt(Math.max(1, w - bw));
            int y = rng.nextInt(Math.max(1, horizon + h / 8));
            int[] kinds = {21, 21, 21, 12, 13, 22, 4, 5};
            ragged(m, w, x, y, x + bw, y + bh, kinds[rng.nextInt(kinds.length)], rng, unit);
        }
        int roadTop = horizon + h / 10;
        fill(m, w, 0, roadTop, w, h, 7); // road
        for (int y = horizon + h / 12; y < h; y++) { // sidewalks widening towards the camera: slanted edges
            double f = (y - horizon) / (double) (h - horizon);
            int side = (int) (w * (0.05 + 0.25 * f));
            fill(m, w, 0, y, side, y + 1, 8);
            fill(m, w, w - side - (int) (0.03 * w * f), y, w, y + 1, 8);
        }
        for (int k = rng.nextInt(3, 8); k > 0; k--) { // poles with signs and lights
            int x = rng.nextInt(Math.max(1, w - 2 * unit));
            fill(m, w, x, horizon - h / 8, x + unit / 2 + 1 + rng.nextInt(unit), horizon + h / 5, 17);
            fill(m, w, x - unit, horizon - h / 8, x + 2 * unit, horizon - h / 8 + 3 * unit,
                    rng.nextBoolean() ? 20 : 19);
        }
        for (int k = rng.nextInt(2, 10); k > 0; k--) { // cars, trucks, buses
            int cw = 10 * unit + rng.nextInt(32 * unit);
            int ch = cw / 2;
            int x = rng.nextInt(Math.max(1, w - cw));
            int y = horizon + rng.nextInt(Math.max(1, h - horizon - ch));
            ragged(m, w, x, y, x + cw, y + ch, rng.nextInt(6) == 0 ? (rng.nextBoolean() ? 27 : 28) : 26, rng, unit);
        }
        for (int k = rng.nextInt(0, 12); k > 0; k--) { // people and riders with bicycles
            int x = rng.nextInt(Math.max(1, w - 4 * unit));
            int y = horizon + rng.nextInt(Math.max(1, h / 3));
            ragged(m, w, x, y, x + 2 * unit + rng.nextInt(2 * unit), y + 6 * unit + rng.nextInt(8 * unit),
                    rng.nextInt(5) == 0 ? 25 : 24, rng, Math.max(1, unit / 2));
            if (rng.nextInt(4) == 0) {
                ragged(m, w, x - unit, y + 7 * unit, x + 5 * unit, y + 12 * unit, 33, rng, Math.max(1, unit / 2));
            }
        }
        ragged(m, w, 0, h - h / 12, w, h, 1, rng, unit); // ego vehicle
        fill(m, w, 0, 0, 3, h, 0); // unlabeled border
        return m;
    }

    /** A rectangle whose left and right edges wander by up to {@code jitter} pixels from row to row. */
    private static void ragged(byte[] m, int w, int x0, int y0, int x1, int y1, int value, SplittableRandom rng,
            int jitter) {
        int a = x0;
        int b = x1;
        for (int y = y0; y < y1; y++) {
            a = Math.max(x0 - jitter, Math.min(x0 + jitter, a + rng.nextInt(-1, 2)));
            b = Math.max(x1 - jitter, Math.min(x1 + jitter, b + rng.nextInt(-1, 2)));
            fill(m, w, a, y, b, y + 1, value);
        }
    }

    /** The label's train ids, shifted and with wrong rectangles; ignored pixels get a plausible class. */
    static byte[] prediction(byte[] labelIds, int[] toTrain, int w, int h, SplittableRandom rng) {
        byte[] p = new byte[labelIds.length];
        int dx = rng.nextInt(-6, 7) * Math.max(1, w / 2048);
        int dy = rng.nextInt(-4, 5) * Math.max(1, w / 2048);
        for (int y = 0; y < h; y++) {
            int sy = Math.min(h - 1, Math.max(0, y + dy));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(w - 1, Math.max(0, x + dx));
                int t = toTrain[labelIds[sy * w + sx] & 0xff];
                p[y * w + x] = (byte) (t == ClassSet.IGNORE ? (y > h / 2 ? 0 : 2) : t);
            }
        }
        int unit = Math.max(1, w / 256);
        for (int k = rng.nextInt(5, 25); k > 0; k--) {
            int rw = unit + rng.nextInt(25 * unit);
            int rh = unit + rng.nextInt(15 * unit);
            int x = rng.nextInt(Math.max(1, w - rw));
            int y = rng.nextInt(Math.max(1, h - rh));
            fill(p, w, x, y, x + rw, y + rh, rng.nextInt(19));
        }
        return p;
    }

    private static void fill(byte[] m, int w, int x0, int y0, int x1, int y1, int value) {
        int h = m.length / w;
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(w, x1);
        y1 = Math.min(h, y1);
        for (int y = y0; y < y1; y++) {
            java.util.Arrays.fill(m, y * w + x0, Math.max(y * w + x0, y * w + x1), (byte) value);
        }
    }
}
