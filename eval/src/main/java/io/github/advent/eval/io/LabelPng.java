package io.github.advent.eval.io;

import io.github.advent.entropy.io.BadInputException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads and writes single-channel label PNGs (class ids or label ids per pixel) with the values
 * the reference scripts see through PIL: grey PNGs give their sample values (8 or 16 bit),
 * palette PNGs give their palette <b>indices</b> (AdaptSegNet and ADVENT save coloured
 * predictions that way), never the colours. Grey 8/16-bit files, the common case, are decoded by
 * OpenCV; palette and 1/2/4-bit grey files by ImageIO. RGB(A) and grey+alpha files are refused:
 * a colour rendering is not a label map.
 *
 * <p>Every problem is a {@link BadInputException} naming the file. Thread-safe.
 */
public final class LabelPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private LabelPng() {}

    /** What a PNG's header says. */
    public record Header(int width, int height, int bitDepth, int colourType) {
        public boolean palette() {
            return colourType == 3;
        }

        /** E.g. {@code 8-bit grey}, {@code RGB}. */
        public String describe() {
            return switch (colourType) {
                case 0 -> bitDepth + "-bit grey";
                case 2 -> bitDepth + "-bit RGB";
                case 3 -> bitDepth + "-bit palette";
                case 4 -> bitDepth + "-bit grey+alpha";
                case 6 -> bitDepth + "-bit RGBA";
                default -> "colour type " + colourType;
            };
        }
    }

    /** Reads only the PNG header (signature and IHDR). */
    public static Header header(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(33);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head.length < SIGNATURE.length || head[i] != SIGNATURE[i]) {
                throw new BadInputException(file, "not a PNG file");
            }
        }
        if (head.length < 33 || !"IHDR".equals(new String(head, 12, 4, StandardCharsets.US_ASCII))) {
            throw new BadInputException(file, "damaged PNG: no image header");
        }
        int width = readInt(head, 16);
        int height = readInt(head, 20);
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file, "damaged PNG: size " + width + "x" + height);
        }
        return new Header(width, height, head[24] & 0xff, head[25] & 0xff);
    }

    /**
     * Reads a single-channel label PNG. {@code reuse} (may be {@code null}) lends its array when it
     * has the same size and depth, so a loop over many images allocates nothing.
     */
    public static LabelImage read(Path file, LabelImage reuse) {
        Header h = header(file);
        if (h.colourType() == 2 || h.colourType() == 4 || h.colourType() == 6) {
            throw new BadInputException(file, h.describe() + " PNG: expected a single-channel label map (grey or"
                    + " palette PNG of class ids), not a colour image");
        }
        if (h.colourType() == 0 && (h.bitDepth() == 8 || h.bitDepth() == 16)) {
            return readWithOpenCv(file, h, reuse);
        }
        if (h.colourType() == 0 || h.colourType() == 3) {
            return readWithImageIo(file, h, reuse);
        }
        throw new BadInputException(file, "damaged PNG: unknown colour type " + h.colourType());
    }

    private static LabelImage readWithOpenCv(Path file, Header h, LabelImage reuse) {
        try (Mat mat = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_UNCHANGED)) {
            if (mat.empty()) {
                throw new BadInputException(file, "cannot be decoded: damaged or truncated PNG");
            }
            if (mat.cols() != h.width() || mat.rows() != h.height() || mat.channels() != 1) {
                throw new BadInputException(file, "decoded as " + mat.cols() + "x" + mat.rows() + "x" + mat.channels()
                        + ", but the header says " + h.width() + "x" + h.height() + " " + h.describe());
            }
            int w = mat.cols();
            int rows = mat.rows();
            long step = mat.step();
            if (mat.depth() == opencv_core.CV_8U) {
                LabelImage image = LabelImage.bytes(w, rows, reuse);
                BytePointer data = mat.data();
                if (mat.isContinuous()) {
                    data.position(0).get(image.u8(), 0, w * rows);
                } else {
                    for (int y = 0; y < rows; y++) {
                        data.position(y * step).get(image.u8(), y * w, w);
                    }
                }
                return image;
            }
            if (mat.depth() == opencv_core.CV_16U) {
                LabelImage image = LabelImage.shorts(w, rows, reuse);
                ShortPointer data = new ShortPointer(mat.data().position(0));
                if (mat.isContinuous()) {
                    data.position(0).get(image.u16(), 0, w * rows);
                } else {
                    for (int y = 0; y < rows; y++) {
                        data.position(y * (step / 2)).get(image.u16(), y * w, w);
                    }
                }
                return image;
            }
            throw new BadInputException(file, "unexpected pixel depth " + mat.depth() + " for " + h.describe());
        }
    }

    private static LabelImage readWithImageIo(Path file, Header h, LabelImage reuse) {
        BufferedImage buffered;
        try {
            buffered = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "cannot be decoded: damaged or truncated PNG (" + e.getMessage() + ")", e);
        }
        if (buffered == null) {
            throw new BadInputException(file, "cannot be decoded as PNG");
        }
        Raster raster = buffered.getRaster();
        if (raster.getNumBands() != 1 || buffered.getWidth() != h.width() || buffered.getHeight() != h.height()) {
            throw new BadInputException(file, h.describe() + " PNG decoded with " + raster.getNumBands()
                    + " bands; expected the palette indices");
        }
        LabelImage image = LabelImage.bytes(h.width(), h.height(), reuse);
        int[] row = new int[h.width()];
        byte[] out = image.u8();
        for (int y = 0; y < h.height(); y++) {
            raster.getSamples(0, y, h.width(), 1, 0, row);
            for (int x = 0; x < row.length; x++) {
                out[y * h.width() + x] = (byte) row[x];
            }
        }
        return image;
    }

    /** Writes an 8- or 16-bit grey PNG (zlib level 6, as PIL's default). */
    public static void write(Path file, LabelImage image) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot create its folder: " + e.getMessage(), e);
        }
        int type = image.bitDepth() == 8 ? opencv_core.CV_8UC1 : opencv_core.CV_16UC1;
        try (Mat mat = new Mat(image.height(), image.width(), type)) {
            BytePointer data = mat.data();
            if (image.bitDepth() == 8) {
                data.position(0).put(image.u8(), 0, image.pixels());
            } else {
                new ShortPointer(data.position(0)).put(image.u16(), 0, image.pixels());
            }
            int[] params = {opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 6};
            if (!opencv_imgcodecs.imwrite(file.toString(), mat, params)) {
                throw new BadInputException(file, "cannot write PNG");
            }
        }
    }

    private static int readInt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16) | ((b[offset + 2] & 0xff) << 8)
                | (b[offset + 3] & 0xff);
    }
}
