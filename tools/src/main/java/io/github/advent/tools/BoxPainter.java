package io.github.advent.tools;

import io.github.advent.entropy.io.Image8;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws detections on a picture: each box outlined in its class's colour, with "name score" on a filled tab
 * above it (inside the image). Cityscapes' eight classes take their Cityscapes palette colours; other class
 * lists a fixed set of distinct colours.
 */
final class BoxPainter {
    /** One box to draw, corners in the image's pixels. */
    record Box(double x1, double y1, double x2, double y2, int classIndex, String label) {}

    /** person, rider, car, truck, bus, train, motorcycle, bicycle in the Cityscapes palette. */
    private static final int[][] CITYSCAPES = {{220, 20, 60}, {255, 0, 0}, {0, 0, 142}, {0, 0, 70}, {0, 60, 100},
        {0, 80, 100}, {0, 0, 230}, {119, 11, 32}};
    /** Distinct colours for other class lists, repeated beyond twelve classes. */
    private static final int[][] OTHERS = {{230, 25, 75}, {60, 180, 75}, {255, 225, 25}, {0, 130, 200},
        {245, 130, 48}, {145, 30, 180}, {70, 240, 240}, {240, 50, 230}, {210, 245, 60}, {250, 190, 212},
        {0, 128, 128}, {170, 110, 40}};

    private BoxPainter() {}

    /** The colour of class {@code classIndex} (1..n) of a detector with {@code objectClasses} object classes. */
    static int[] colour(int classIndex, int objectClasses) {
        int[][] table = objectClasses == CITYSCAPES.length ? CITYSCAPES : OTHERS;
        return table[(classIndex - 1) % table.length];
    }

    /** A copy of the RGB image {@code rgb} with {@code boxes} drawn, later boxes on top. */
    static Image8 draw(Image8 rgb, List<Box> boxes, int objectClasses) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int w = rgb.width();
        int h = rgb.height();
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] data = rgb.data();
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (data[3 * i] & 0xFF) << 16 | (data[3 * i + 1] & 0xFF) << 8 | (data[3 * i + 2] & 0xFF);
        }
        canvas.setRGB(0, 0, w, h, pixels, 0, w);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int line = Math.max(1, Math.round(Math.min(w, h) / 300f));
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, Math.min(w, h) / 50)));
            FontMetrics metrics = g.getFontMetrics();
            for (Box b : boxes) {
                int[] c = colour(b.classIndex(), objectClasses);
                Color colour = new Color(c[0], c[1], c[2]);
                int x1 = (int) Math.round(b.x1());
                int y1 = (int) Math.round(b.y1());
                int bw = Math.max(1, (int) Math.round(b.x2()) - x1 - 1);
                int bh = Math.max(1, (int) Math.round(b.y2()) - y1 - 1);
                g.setColor(colour);
                g.drawRect(x1, y1, bw, bh);
                int tabW = metrics.stringWidth(b.label()) + 4;
                int tabH = metrics.getHeight();
                int tabX = Math.max(0, Math.min(x1, w - tabW));
                int tabY = y1 - tabH >= 0 ? y1 - tabH : Math.min(y1 + line, Math.max(0, h - tabH));
                g.fillRect(tabX, tabY, tabW, tabH);
                // white text on dark colours, black on light ones
                g.setColor(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] > 140 ? Color.BLACK : Color.WHITE);
                g.drawString(b.label(), tabX + 2, tabY + metrics.getAscent());
            }
        } finally {
            g.dispose();
        }
        canvas.getRGB(0, 0, w, h, pixels, 0, w);
        byte[] out = new byte[w * h * 3];
        for (int i = 0; i < pixels.length; i++) {
            out[3 * i] = (byte) (pixels[i] >> 16);
            out[3 * i + 1] = (byte) (pixels[i] >> 8);
            out[3 * i + 2] = (byte) pixels[i];
        }
        return new Image8(w, h, 3, out);
    }
}
