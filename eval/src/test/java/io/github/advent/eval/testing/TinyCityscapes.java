package io.github.advent.eval.testing;

import io.github.advent.eval.io.LabelImage;
import io.github.advent.eval.io.LabelPng;
import java.nio.file.Path;

/** Writes tiny Cityscapes-layout label and prediction PNGs for tests. */
public final class TinyCityscapes {
    private TinyCityscapes() {}

    /** {@code root/gtFine/val/{city}/{id}_gtFine_labelIds.png}. */
    public static Path label(Path root, String id, int w, int h, int... values) {
        String city = id.substring(0, id.indexOf('_'));
        Path file = root.resolve("gtFine/val").resolve(city).resolve(id + "_gtFine_labelIds.png");
        LabelPng.write(file, image(w, h, values));
        return file;
    }

    /** {@code dir/[city/]{id}_leftImg8bit.png}. */
    public static Path prediction(Path dir, boolean inCityFolder, String id, int w, int h, int... values) {
        String city = id.substring(0, id.indexOf('_'));
        Path file = (inCityFolder ? dir.resolve(city) : dir).resolve(id + "_leftImg8bit.png");
        LabelPng.write(file, image(w, h, values));
        return file;
    }

    /** A w x h image cycling through {@code values}. */
    public static LabelImage image(int w, int h, int... values) {
        byte[] b = new byte[w * h];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i % values.length];
        }
        return LabelImage.ofBytes(w, h, b);
    }
}
