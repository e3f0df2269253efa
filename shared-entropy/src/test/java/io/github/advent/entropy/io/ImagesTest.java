package io.github.advent.entropy.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    private static final int W = 5;
    private static final int H = 3;

    @TempDir
    Path dir;

    /** R = 10x + y, G = 100 + x, B = 200 + y: every channel differs, so a BGR/RGB swap shows. */
    private static int[] rgbPattern(int w, int h, int channels) {
        int[] v = new int[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * channels;
                v[p] = 10 * x + y;
                v[p + 1] = 100 + x;
                v[p + 2] = 200 + y;
                if (channels == 4) {
                    v[p + 3] = 7 * x;
                }
            }
        }
        return v;
    }

    @Test
    void readsColourAsRgbNotBgr() {
        Path file = RawPng.rgb8(dir.resolve("rgb.png"), W, H, rgbPattern(W, H, 3));
        Image8 image = Images.readRgb(file);
        assertEquals(W, image.width());
        assertEquals(H, image.height());
        assertEquals(3, image.channels());
        assertEquals(10 * 4 + 2, image.get(4, 2, 0));
        assertEquals(104, image.get(4, 2, 1));
        assertEquals(202, image.get(4, 2, 2));
    }

    @Test
    void convertsLikePilConvertRgb() {
        // RGBA: alpha dropped, colours kept (PIL's convert("RGB") does not composite)
        Image8 rgba = Images.readRgb(RawPng.write(dir.resolve("rgba.png"), W, H, 8, RawPng.RGBA, rgbPattern(W, H, 4), null, null));
        assertEquals(3, rgba.channels());
        assertEquals(31, rgba.get(3, 1, 0));
        assertEquals(103, rgba.get(3, 1, 1));
        assertEquals(201, rgba.get(3, 1, 2));
        // grey: replicated
        int[] grey = new int[W * H];
        Arrays.setAll(grey, i -> i * 11);
        Image8 g = Images.readRgb(RawPng.grey8(dir.resolve("grey.png"), W, H, grey));
        assertEquals(3, g.channels());
        for (int c = 0; c < 3; c++) {
            assertEquals(grey[2 * W + 3], g.get(3, 2, c));
        }
        // palette: the palette's colours (RawPng maps index i to (255 - i, 7i, 13i + 5))
        int[] indices = new int[W * H];
        Arrays.setAll(indices, i -> i + 3);
        Image8 p = Images.readRgb(RawPng.palette8(dir.resolve("pal.png"), W, H, indices, false));
        int i = indices[W + 2];
        assertEquals(255 - i, p.get(2, 1, 0));
        assertEquals((7 * i) & 0xFF, p.get(2, 1, 1));
        assertEquals((13 * i + 5) & 0xFF, p.get(2, 1, 2));
    }

    @Test
    void paletteLabelsAreReadAsIndicesNotColours() {
        int[] ids = new int[W * H];
        Arrays.setAll(ids, i -> (i * 17) % 40);
        ids[0] = 255;
        IntImage labels = Images.readGrey(RawPng.palette8(dir.resolve("gta.png"), W, H, ids, false));
        assertArrayEquals(ids, labels.values());
        assertEquals(8, labels.bitDepth());
        // with a transparency chunk too (javax.imageio may give the colour model an alpha)
        IntImage transparent = Images.readGrey(RawPng.palette8(dir.resolve("gta_trns.png"), W, H, ids, true));
        assertArrayEquals(ids, transparent.values());
    }

    @Test
    void paletteWrittenByAnotherEncoderKeepsItsIndices() throws Exception {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (i * 3);
            g[i] = (byte) (255 - i);
            b[i] = (byte) (i / 2);
        }
        BufferedImage indexed = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED,
                new java.awt.image.IndexColorModel(8, 256, r, g, b));
        int[] ids = new int[W * H];
        Arrays.setAll(ids, i -> 7 + 2 * i);
        indexed.getRaster().setSamples(0, 0, W, H, 0, ids);
        Path file = dir.resolve("imageio.png");
        ImageIO.write(indexed, "png", file.toFile());
        assertTrue(Images.info(file).palette());
        assertArrayEquals(ids, Images.readChannel(file, 0).values());
        assertArrayEquals(ids, Images.readGrey(file).values());
    }

    @Test
    void readsGreyAt8And16Bits() {
        int[] v8 = new int[W * H];
        Arrays.setAll(v8, i -> 255 - i);
        IntImage grey8 = Images.readGrey(RawPng.grey8(dir.resolve("g8.png"), W, H, v8));
        assertArrayEquals(v8, grey8.values());
        assertEquals(8, grey8.bitDepth());
        int[] v16 = new int[W * H];
        Arrays.setAll(v16, i -> 26000 + 1000 * i + i);
        v16[1] = 65535;
        IntImage grey16 = Images.readGrey(RawPng.grey16(dir.resolve("g16.png"), W, H, v16));
        assertArrayEquals(v16, grey16.values());
        assertEquals(16, grey16.bitDepth());
    }

    @Test
    void readsOneChannelOfA16BitColourFileInFileOrder() {
        int[] rgb = new int[W * H * 3];
        for (int p = 0; p < W * H; p++) {
            rgb[3 * p] = p % 23;             // class id in R, as SYNTHIA
            rgb[3 * p + 1] = 40000 + p;      // instance id in G
            rgb[3 * p + 2] = 7;
        }
        Path file = RawPng.rgb16(dir.resolve("synthia.png"), W, H, rgb);
        IntImage first = Images.readChannel(file, 0);
        IntImage second = Images.readChannel(file, 1);
        assertEquals(16, first.bitDepth());
        for (int p = 0; p < W * H; p++) {
            assertEquals(p % 23, first.values()[p]);
            assertEquals(40000 + p, second.values()[p]);
        }
        BadInputException missing = assertThrows(BadInputException.class, () -> Images.readChannel(file, 3));
        assertTrue(missing.getMessage().contains("no channel 3"), missing.getMessage());
        BadInputException colour = assertThrows(BadInputException.class, () -> Images.readGrey(file));
        assertTrue(colour.getMessage().contains("16-bit RGB") && colour.getMessage().contains("single-channel"),
                colour.getMessage());
        BadInputException deep = assertThrows(BadInputException.class, () -> Images.readRgb(file));
        assertTrue(deep.getMessage().contains("16-bit"), deep.getMessage());
    }

    @Test
    void writesAndReadsBack() throws Exception {
        int[] pattern = rgbPattern(W, H, 3);
        byte[] bytes = new byte[pattern.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) pattern[i];
        }
        Path colour = dir.resolve("out/colour.png");
        Images.writeRgb(colour, new Image8(W, H, 3, bytes));
        assertArrayEquals(bytes, Images.readRgb(colour).data());
        // an independent reader agrees on the channel order
        BufferedImage awt = ImageIO.read(colour.toFile());
        int argb = awt.getRGB(4, 2);
        assertEquals(42, (argb >> 16) & 0xFF);
        assertEquals(104, (argb >> 8) & 0xFF);
        assertEquals(202, argb & 0xFF);

        int[] labels = new int[W * H];
        Arrays.setAll(labels, i -> i == 3 ? 255 : i);
        Path grey = dir.resolve("out/grey.png");
        Images.writeGrey(grey, new IntImage(W, H, 8, labels));
        assertArrayEquals(labels, Images.readGrey(grey).values());
        assertEquals(8, Images.info(grey).bitDepth());

        int[] deep = new int[W * H];
        Arrays.setAll(deep, i -> 26000 + i * 1001);
        Path grey16 = dir.resolve("out/grey16.png");
        Images.writeGrey(grey16, new IntImage(W, H, 16, deep));
        IntImage back = Images.readGrey(grey16);
        assertArrayEquals(deep, back.values());
        assertEquals(16, back.bitDepth());

        int[] rgb16 = new int[W * H * 3];
        Arrays.setAll(rgb16, i -> i % 3 == 0 ? i : 60000 + i);
        Path colour16 = dir.resolve("out/colour16.png");
        Images.writePng16(colour16, W, H, 3, rgb16);
        Images.ImageInfo info = Images.info(colour16);
        assertEquals(new Images.ImageInfo(W, H, 16, 3, false, "png"), info);
        IntImage red = Images.readChannel(colour16, 0);
        for (int p = 0; p < W * H; p++) {
            assertEquals(3 * p, red.values()[p]);
        }
        assertThrows(IllegalArgumentException.class, () -> Images.writeGrey(dir.resolve("x.png"), new IntImage(1, 1, 8, new int[] {256})));
        assertFalse(Files.list(dir.resolve("out")).anyMatch(p -> p.getFileName().toString().startsWith(".")),
                "no temporary files left");
    }

    @Test
    void infoReadsThePngHeader() throws Exception {
        Path file = RawPng.palette8(dir.resolve("p.png"), W, H, new int[W * H], false);
        assertEquals(new Images.ImageInfo(W, H, 8, 1, true, "png"), Images.info(file));
        Path grey16 = RawPng.grey16(dir.resolve("g.png"), 300, 2, new int[600]);
        assertEquals(new Images.ImageInfo(300, 2, 16, 1, false, "png"), Images.info(grey16));
        Path stub = dir.resolve("stub.png");
        Files.write(stub, Arrays.copyOf(Files.readAllBytes(file), 20));
        BadInputException e = assertThrows(BadInputException.class, () -> Images.info(stub));
        assertTrue(e.getMessage().contains("truncated PNG"), e.getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> Images.info(dir.resolve("none.png"))).getMessage().contains("missing"));
    }

    @Test
    void readsJpegThroughOpenCv() throws Exception {
        BufferedImage awt = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                awt.setRGB(x, y, (200 << 16) | (100 << 8) | 30);
            }
        }
        Path jpeg = dir.resolve("flat.jpg");
        ImageIO.write(awt, "jpg", jpeg.toFile());
        Image8 image = Images.readRgb(jpeg);
        assertEquals(16, image.width());
        assertEquals(8, image.height());
        assertTrue(Math.abs(image.get(5, 5, 0) - 200) <= 3 && Math.abs(image.get(5, 5, 2) - 30) <= 3,
                "red " + image.get(5, 5, 0) + ", blue " + image.get(5, 5, 2));
    }

    @Test
    void everyFailureNamesTheFileWithOneLine() throws Exception {
        // grey, so that every reader below accepts the intact file
        int[] grey = new int[40 * 20];
        Arrays.setAll(grey, i -> (i * 37) % 251);
        Path good = RawPng.grey8(dir.resolve("good.png"), 40, 20, grey);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.png");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 20));
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "this is not an image\n");
        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        Path headerOnly = dir.resolve("header.png");
        Files.write(headerOnly, Arrays.copyOf(bytes, 8));
        Path damaged = dir.resolve("damaged.png");
        byte[] mangled = bytes.clone();
        int idat = indexOf(mangled, "IDAT");
        for (int i = idat + 6; i < idat + 12; i++) {
            mangled[i] ^= 0x5A;
        }
        Files.write(damaged, mangled);
        Path folder = Files.createDirectories(dir.resolve("folder.png"));

        List<Object[]> cases = List.of(
                new Object[] {dir.resolve("nope.png"), "missing"},
                new Object[] {folder, "is a folder"},
                new Object[] {empty, "empty file"},
                new Object[] {junk, "not an image"},
                new Object[] {headerOnly, "truncated"},
                new Object[] {truncated, "truncated"},
                new Object[] {damaged, "corrupt"});
        for (Object[] c : cases) {
            Path file = (Path) c[0];
            for (var reader : List.<java.util.function.Function<Path, Object>>of(Images::readRgb, Images::readGrey,
                    f -> Images.readChannel(f, 0))) {
                BadInputException e = assertThrows(BadInputException.class, () -> reader.apply(file), file.toString());
                assertEquals(file, e.file());
                assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
                assertTrue(e.getMessage().contains((String) c[1]), file + " -> " + e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void parallelReadsAgree() throws Exception {
        int[] ids = new int[40 * 20];
        Arrays.setAll(ids, i -> (i * 31) % 34);
        Path palette = RawPng.palette8(dir.resolve("p.png"), 40, 20, ids, false);
        Path colour = RawPng.rgb8(dir.resolve("c.png"), 40, 20, rgbPattern(40, 20, 3));
        byte[] expected = Images.readRgb(colour).data();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 40; t++) {
                results.add(pool.submit(() -> Arrays.equals(ids, Images.readGrey(palette).values())
                        && Arrays.equals(expected, Images.readRgb(colour).data())));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int indexOf(byte[] bytes, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= bytes.length; i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (bytes[i + j] != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no " + ascii);
    }
}
