package io.github.advent.entropy.io;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import io.github.advent.entropy.checkpoint.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Image files in and out as plain Java values ({@link Image8}, {@link IntImage}); no NDArrays.
 *
 * <p>Decoding is OpenCV's ({@code imdecode} with {@code IMREAD_UNCHANGED}, on bytes read by Java, so
 * file errors have Java's precise reasons and EXIF orientation is ignored, as PIL does). OpenCV returns
 * colour as BGR(A); every method here converts to the file's own order, so <b>colour comes back as
 * RGB</b> and "channel 0" means the first channel stored in the file (red). OpenCV expands palette
 * PNGs to colours, so palette PNGs read for their <b>indices</b> ({@link #readGrey}, e.g. GTA5
 * labels, whose indices are the label ids) go through {@code javax.imageio}, whose
 * {@link IndexColorModel} raster holds the indices.
 *
 * <p>PNG files are checked chunk by chunk first (signature, IHDR, IDAT, IEND), so a truncated file
 * is reported as truncated rather than decoded half-way. Every failure is a {@link BadInputException}
 * naming the file with a one-line reason: missing, a folder, unreadable, not an image, corrupt,
 * or an unexpected channel count or bit depth. All methods are thread-safe.
 */
@SuppressWarnings("try") // each PointerScope frees the native Mats made inside its block; the variable is unused by design
public final class Images {
    private Images() {}

    /** What {@link #info} learns about an image without decoding its pixels (PNG) or with a decode (others). */
    public record ImageInfo(int width, int height, int bitDepth, int channels, boolean palette, String format) {}

    /**
     * Size, bit depth and channels of an image file. PNG: from its first 33 bytes (the IHDR header)
     * alone, without checking the rest of the file; other formats are decoded.
     */
    public static ImageInfo info(Path file) {
        byte[] head = readHead(file, 33);
        if (PngStructure.isPng(head)) {
            PngStructure png = PngStructure.parseHeader(file, head);
            return new ImageInfo(png.width(), png.height(), png.bitDepth(), png.channels(), png.palette(), "png");
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat = decode(file, readBytes(file));
            return new ImageInfo(mat.cols(), mat.rows(), bitDepth(file, mat), mat.channels(), false, "other");
        }
    }

    /**
     * An 8-bit colour image as RGB, as PIL's {@code Image.open(f).convert("RGB")} gives it: grey is
     * replicated into the three channels, alpha is dropped (not composited), palette colours are
     * looked up. 16-bit images are refused.
     */
    public static Image8 readRgb(Path file) {
        byte[] bytes = readBytes(file);
        if (PngStructure.isPng(bytes)) {
            PngStructure png = PngStructure.parse(file, bytes);
            if (png.bitDepth() == 16) {
                throw new BadInputException(file, "16-bit image (" + png.describe() + "): expected 8 bits per channel");
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat = decode(file, bytes);
            if (mat.depth() != CV_8U) {
                throw new BadInputException(file, bitDepth(file, mat) + "-bit image: expected 8 bits per channel");
            }
            int width = mat.cols();
            int height = mat.rows();
            int channels = mat.channels();
            byte[] raw = bytes8(mat);
            byte[] rgb = new byte[width * height * 3];
            int pixels = width * height;
            switch (channels) {
                case 1, 2 -> {
                    for (int p = 0; p < pixels; p++) {
                        byte g = raw[p * channels];
                        rgb[3 * p] = g;
                        rgb[3 * p + 1] = g;
                        rgb[3 * p + 2] = g;
                    }
                }
                case 3, 4 -> {
                    for (int p = 0; p < pixels; p++) {
                        int s = p * channels;
                        rgb[3 * p] = raw[s + 2];
                        rgb[3 * p + 1] = raw[s + 1];
                        rgb[3 * p + 2] = raw[s];
                    }
                }
                default -> throw new BadInputException(file, "image with " + channels + " channels: expected 1, 3 or 4");
            }
            return new Image8(width, height, 3, rgb);
        }
    }

    /**
     * A single-channel image's values as stored: 8- or 16-bit grey levels, or the <b>indices</b> of a
     * palette PNG (not its colours). 1/2/4-bit grey PNGs give their raw values (0-1, 0-3, 0-15) and
     * report bit depth 8. Images with several channels are refused; use {@link #readChannel}.
     */
    public static IntImage readGrey(Path file) {
        byte[] bytes = readBytes(file);
        if (PngStructure.isPng(bytes)) {
            PngStructure png = PngStructure.parse(file, bytes);
            if (png.palette() || png.bitDepth() < 8) {
                return readIndexed(file, bytes, png);
            }
            if (png.channels() != 1) {
                throw new BadInputException(file, png.describe() + " image: expected a single-channel (grey or palette) image");
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat = decode(file, bytes);
            if (mat.channels() != 1) {
                throw new BadInputException(file, mat.channels() + "-channel image: expected a single-channel (grey or palette) image");
            }
            return channel(file, mat, 0);
        }
    }

    /**
     * One channel of an image, numbered in the file's order (0 = red of an RGB(A) file, 3 = alpha);
     * 8- or 16-bit as stored. A grey or palette image has only channel 0 (palette: the indices).
     * SYNTHIA's 16-bit {@code GT/LABELS} files hold the class id in channel 0.
     */
    public static IntImage readChannel(Path file, int channel) {
        if (channel < 0) {
            throw new IllegalArgumentException("channel must be >= 0, got " + channel);
        }
        byte[] bytes = readBytes(file);
        if (PngStructure.isPng(bytes)) {
            PngStructure png = PngStructure.parse(file, bytes);
            if (png.palette() || png.bitDepth() < 8) {
                if (channel != 0) {
                    throw new BadInputException(file, png.describe() + " image has no channel " + channel);
                }
                return readIndexed(file, bytes, png);
            }
            if (channel >= png.channels()) {
                throw new BadInputException(file, png.describe() + " image has no channel " + channel);
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat = decode(file, bytes);
            int channels = mat.channels();
            if (channel >= channels) {
                throw new BadInputException(file, channels + "-channel image has no channel " + channel);
            }
            return channel(file, mat, openCvChannel(channel, channels));
        }
    }

    /** Writes an 8- or 16-bit grey PNG (as {@code image.bitDepth()}); values must fit that depth. */
    public static void writeGrey(Path file, IntImage image) {
        int max = image.bitDepth() == 8 ? 0xFF : 0xFFFF;
        for (int v : image.values()) {
            if (v < 0 || v > max) {
                throw new IllegalArgumentException("value " + v + " does not fit a " + image.bitDepth() + "-bit PNG");
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat;
            if (image.bitDepth() == 8) {
                byte[] data = new byte[image.values().length];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) image.values()[i];
                }
                mat = mat8(image.width(), image.height(), 1, data);
            } else {
                mat = mat16(image.width(), image.height(), 1, image.values());
            }
            writePng(file, mat);
        }
    }

    /** Writes an 8-bit PNG: 3 channels are RGB (written as a colour PNG), 4 RGBA, 1 grey. */
    public static void writeRgb(Path file, Image8 image) {
        int channels = image.channels();
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("can write 1, 3 or 4 channels, got " + channels);
        }
        byte[] data = image.data();
        if (channels >= 3) {
            data = data.clone();
            for (int p = 0; p < image.width() * image.height(); p++) {
                byte r = data[p * channels];
                data[p * channels] = data[p * channels + 2];
                data[p * channels + 2] = r;
            }
        }
        try (PointerScope scope = new PointerScope()) {
            writePng(file, mat8(image.width(), image.height(), channels, data));
        }
    }

    /**
     * Writes a 16-bit PNG with 1 (grey), 3 (RGB) or 4 (RGBA) channels; {@code values} interleaved in
     * that file order, each 0-65535.
     */
    public static void writePng16(Path file, int width, int height, int channels, int[] values) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("can write 1, 3 or 4 channels, got " + channels);
        }
        if (values.length != (long) width * height * channels) {
            throw new IllegalArgumentException(values.length + " values for " + width + "x" + height + "x" + channels);
        }
        int[] data = values;
        if (channels >= 3) {
            data = values.clone();
            for (int p = 0; p < width * height; p++) {
                int r = data[p * channels];
                data[p * channels] = data[p * channels + 2];
                data[p * channels + 2] = r;
            }
        }
        for (int v : data) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("value " + v + " does not fit a 16-bit PNG");
            }
        }
        try (PointerScope scope = new PointerScope()) {
            writePng(file, mat16(width, height, channels, data));
        }
    }

    // ---------------------------------------------------------------------------------------------

    static byte[] readBytes(Path file) {
        return readHead(file, Integer.MAX_VALUE);
    }

    /** Up to {@code length} bytes from the start of the file; every failure names the file. */
    private static byte[] readHead(Path file, int length) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a folder, expected an image file");
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(length);
            if (head.length == 0) {
                throw new BadInputException(file, "empty file, expected an image");
            }
            return head;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "missing: no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "cannot read: permission denied");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Decodes with OpenCV, unchanged (bit depth, channels, alpha kept; palette expanded to BGR). */
    private static Mat decode(Path file, byte[] bytes) {
        Mat encoded = new Mat(new BytePointer(bytes));
        Mat mat = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_UNCHANGED);
        if (mat == null || mat.empty()) {
            throw new BadInputException(file, PngStructure.isPng(bytes)
                    ? "corrupt PNG: the decoder could not read its pixel data"
                    : "not an image OpenCV can decode (unknown format or corrupt file)");
        }
        if (mat.depth() != CV_8U && mat.depth() != CV_16U) {
            throw new BadInputException(file, "unsupported sample type (OpenCV depth " + mat.depth()
                    + "): expected 8- or 16-bit unsigned");
        }
        return mat;
    }

    private static int bitDepth(Path file, Mat mat) {
        return mat.depth() == CV_8U ? 8 : 16;
    }

    /** File-order channel {@code c} -> OpenCV's index (BGR, BGRA). */
    private static int openCvChannel(int c, int channels) {
        if (channels == 3 || channels == 4) {
            return c < 3 ? 2 - c : c;
        }
        return c;
    }

    private static IntImage channel(Path file, Mat mat, int openCvChannel) {
        int width = mat.cols();
        int height = mat.rows();
        int channels = mat.channels();
        int pixels = width * height;
        int[] values = new int[pixels];
        if (mat.depth() == CV_8U) {
            byte[] raw = bytes8(mat);
            for (int p = 0; p < pixels; p++) {
                values[p] = raw[p * channels + openCvChannel] & 0xFF;
            }
            return new IntImage(width, height, 8, values);
        }
        short[] raw = shorts16(mat);
        for (int p = 0; p < pixels; p++) {
            values[p] = raw[p * channels + openCvChannel] & 0xFFFF;
        }
        return new IntImage(width, height, 16, values);
    }

    private static byte[] bytes8(Mat mat) {
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        int n = Math.multiplyExact(Math.multiplyExact(continuous.rows(), continuous.cols()), continuous.channels());
        byte[] out = new byte[n];
        continuous.data().capacity(n).get(out);
        return out;
    }

    private static short[] shorts16(Mat mat) {
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        int n = Math.multiplyExact(Math.multiplyExact(continuous.rows(), continuous.cols()), continuous.channels());
        short[] out = new short[n];
        ByteBuffer buffer = continuous.data().capacity(2L * n).asByteBuffer().order(ByteOrder.nativeOrder());
        buffer.asShortBuffer().get(out);
        return out;
    }

    /** Palette indices (and raw 1/2/4-bit grey values) through javax.imageio. */
    private static IntImage readIndexed(Path file, byte[] bytes, PngStructure png) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no PNG reader in javax.imageio");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            BufferedImage image = reader.read(0);
            Raster raster = image.getRaster();
            if (raster.getNumBands() != 1 || (png.palette() && !(image.getColorModel() instanceof IndexColorModel))) {
                throw new BadInputException(file, "palette PNG decoded without its indices (" + raster.getNumBands() + " bands)");
            }
            if (raster.getWidth() != png.width() || raster.getHeight() != png.height()) {
                throw new BadInputException(file, "corrupt PNG: decoded " + raster.getWidth() + "x" + raster.getHeight()
                        + ", header says " + png.width() + "x" + png.height());
            }
            int[] values = raster.getSamples(0, 0, png.width(), png.height(), 0, (int[]) null);
            return new IntImage(png.width(), png.height(), 8, values);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(file, "corrupt " + png.describe() + " PNG: " + oneLine(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static Mat mat8(int width, int height, int channels, byte[] data) {
        Mat mat = new Mat(height, width, CV_8UC(channels));
        mat.data().capacity(data.length).put(data);
        return mat;
    }

    private static Mat mat16(int width, int height, int channels, int[] values) {
        Mat mat = new Mat(height, width, CV_16UC(channels));
        ByteBuffer buffer = mat.data().capacity(2L * values.length).asByteBuffer().order(ByteOrder.nativeOrder());
        for (int i = 0; i < values.length; i++) {
            buffer.putShort(2 * i, (short) values[i]);
        }
        return mat;
    }

    private static void writePng(Path file, Mat mat) {
        BytePointer encoded = new BytePointer();
        if (!opencv_imgcodecs.imencode(".png", mat, encoded)) {
            throw new BadInputException(file, "OpenCV could not encode the PNG");
        }
        byte[] out = new byte[(int) encoded.limit()];
        encoded.get(out);
        try {
            AtomicFiles.write(file, temporary -> {
                try (OutputStream stream = Files.newOutputStream(temporary)) {
                    stream.write(out);
                }
            });
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write: " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
