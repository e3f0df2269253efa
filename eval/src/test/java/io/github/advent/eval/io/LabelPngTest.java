package io.github.advent.eval.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.entropy.io.BadInputException;
import io.github.advent.eval.testing.TinyCityscapes;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelPngTest {
    @TempDir
    Path tmp;

    @Test
    void greyPngsRoundTripAndReuseTheBuffer() {
        Path f = tmp.resolve("a.png");
        LabelImage img = TinyCityscapes.image(5, 3, 0, 7, 18, 255);
        LabelPng.write(f, img);
        LabelImage back = LabelPng.read(f, null);
        assertEquals(5, back.width());
        assertEquals(3, back.height());
        assertArrayEquals(img.u8(), back.u8());
        LabelImage again = LabelPng.read(f, back);
        assertSame(back.u8(), again.u8());
        short[] s = {0, 1, 300, (short) 65535, 18, 2};
        Path g = tmp.resolve("b.png");
        LabelPng.write(g, LabelImage.ofShorts(3, 2, s));
        LabelImage b16 = LabelPng.read(g, null);
        assertEquals(16, b16.bitDepth());
        assertEquals(65535, b16.get(3));
        assertEquals(300, b16.get(2));
    }

    @Test
    void palettePngsGiveTheirIndicesNotTheirColours() throws Exception {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (255 - i);
            g[i] = (byte) (i * 7);
            b[i] = (byte) 200;
        }
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, r, g, b));
        for (int i = 0; i < 8; i++) {
            img.getRaster().setSample(i % 4, i / 4, 0, i * 2);
        }
        Path f = tmp.resolve("pal.png");
        ImageIO.write(img, "png", f.toFile());
        assertTrue(LabelPng.header(f).palette());
        LabelImage back = LabelPng.read(f, null);
        for (int i = 0; i < 8; i++) {
            assertEquals(i * 2, back.get(i));
        }
    }

    @Test
    void colourDamagedAndNonPngFilesAreRefusedNamingTheFile() throws Exception {
        Path rgb = tmp.resolve("rgb.png");
        ImageIO.write(new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
        BadInputException e = assertThrows(BadInputException.class, () -> LabelPng.read(rgb, null));
        assertEquals(rgb, e.file());
        assertTrue(e.getMessage().contains("8-bit RGB PNG: expected a single-channel label map"), e.getMessage());

        Path text = tmp.resolve("t.png");
        Files.writeString(text, "hello");
        e = assertThrows(BadInputException.class, () -> LabelPng.read(text, null));
        assertTrue(e.getMessage().endsWith("not a PNG file"), e.getMessage());

        Path whole = tmp.resolve("whole.png");
        LabelPng.write(whole, TinyCityscapes.image(64, 64, 1, 2, 3, 4, 5, 6, 7, 9, 11));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(BadInputException.class, () -> LabelPng.read(cut, null));
        assertEquals(cut, e.file());
        assertTrue(e.getMessage().contains("damaged or truncated"), e.getMessage());

        e = assertThrows(BadInputException.class, () -> LabelPng.read(tmp.resolve("none.png"), null));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }
}
