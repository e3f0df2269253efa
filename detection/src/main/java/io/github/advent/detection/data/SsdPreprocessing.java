package io.github.advent.detection.data;

import io.github.advent.entropy.io.Image8;
import java.util.List;

/**
 * Turns a (possibly augmented) {@link DetectionSample} into SSD's input ({@link SsdInput}): the
 * image resized to {@code size x size} (300) by bilinear interpolation, in BGR order (SSD's
 * Caffe VGG-16) with the mean B 104, G 117, R 123 subtracted, channel-major float32; the boxes
 * divided by the image's width and height.
 *
 * <p>The resize is OpenCV's {@code cv2.resize} default, {@code INTER_LINEAR}, as ssd.pytorch
 * resizes: source position {@code (x + 0.5) * in / out - 0.5}, the two nearest pixels weighted
 * linearly, positions past the first or last pixel clamped to it, no low-pass filter when
 * shrinking; computed in float as OpenCV does on ssd.pytorch's float images (its 8-bit path rounds
 * the weights to 11 bits). Not PIL's bilinear, which averages over the whole footprint when
 * shrinking. Note that ssd.pytorch, after subtracting the BGR mean, hands its network RGB (its
 * converted VGG weights take RGB): {@link ChannelOrder#RGB} gives that order with the same
 * per-colour means.
 */
public final class SsdPreprocessing {
    /** SSD-300's input side. */
    public static final int SSD300 = 300;
    /** The means subtracted, per colour, in BGR order. */
    public static final float[] MEAN_BGR = {104f, 117f, 123f};

    /** The order of the three planes of the network input. */
    public enum ChannelOrder {
        /** Caffe SSD's (and this project's default). */
        BGR,
        /** ssd.pytorch's, for weights converted to take RGB. */
        RGB
    }

    private final int size;
    private final ChannelOrder order;

    public SsdPreprocessing(int size, ChannelOrder order) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
        this.order = order;
    }

    /** 300 x 300, BGR. */
    public static SsdPreprocessing ssd300() {
        return new SsdPreprocessing(SSD300, ChannelOrder.BGR);
    }

    public int size() {
        return size;
    }

    public ChannelOrder order() {
        return order;
    }

    public SsdInput apply(DetectionSample sample) {
        Image8 image = sample.image();
        if (image.channels() != 3) {
            throw new IllegalArgumentException("SSD takes RGB images, got " + image);
        }
        float[] rgb = resizeBilinear(image, size, size);
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            float r = rgb[3 * p] - MEAN_BGR[2];
            float g = rgb[3 * p + 1] - MEAN_BGR[1];
            float b = rgb[3 * p + 2] - MEAN_BGR[0];
            chw[p] = order == ChannelOrder.BGR ? b : r;
            chw[plane + p] = g;
            chw[2 * plane + p] = order == ChannelOrder.BGR ? r : b;
        }
        List<ObjectBox> boxes = sample.boxes();
        float[] normalised = new float[4 * boxes.size()];
        int[] classes = new int[boxes.size()];
        boolean[] crowd = new boolean[boxes.size()];
        float w = image.width();
        float h = image.height();
        for (int i = 0; i < boxes.size(); i++) {
            ObjectBox b = boxes.get(i);
            normalised[4 * i] = b.x1() / w;
            normalised[4 * i + 1] = b.y1() / h;
            normalised[4 * i + 2] = b.x2() / w;
            normalised[4 * i + 3] = b.y2() / h;
            classes[i] = b.classIndex();
            crowd[i] = b.crowd();
        }
        return new SsdInput(sample.name(), chw, size, normalised, classes, crowd, sample.originalWidth(), sample.originalHeight());
    }

    /** OpenCV's INTER_LINEAR resize of an 8-bit image, in float, interleaved as the input. */
    static float[] resizeBilinear(Image8 image, int width, int height) {
        int channels = image.channels();
        int[] x0 = new int[width];
        float[] fx = new float[width];
        taps(image.width(), width, x0, fx);
        int[] y0 = new int[height];
        float[] fy = new float[height];
        taps(image.height(), height, y0, fy);
        byte[] in = image.data();
        int rowLength = image.width() * channels;
        float[] out = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            int top = y0[y] * rowLength;
            int bottom = Math.min(y0[y] + 1, image.height() - 1) * rowLength;
            float wy = fy[y];
            for (int x = 0; x < width; x++) {
                int left = x0[x] * channels;
                int right = Math.min(x0[x] + 1, image.width() - 1) * channels;
                float wx = fx[x];
                for (int c = 0; c < channels; c++) {
                    float upper = (in[top + left + c] & 0xFF) * (1f - wx) + (in[top + right + c] & 0xFF) * wx;
                    float lower = (in[bottom + left + c] & 0xFF) * (1f - wx) + (in[bottom + right + c] & 0xFF) * wx;
                    out[(y * width + x) * channels + c] = upper * (1f - wy) + lower * wy;
                }
            }
        }
        return out;
    }

    /** For each output position: the left source pixel and the right one's weight (OpenCV's linear coefficients). */
    private static void taps(int inSize, int outSize, int[] first, float[] weight) {
        double scale = (double) inSize / outSize;
        for (int i = 0; i < outSize; i++) {
            double position = (i + 0.5) * scale - 0.5;
            int source = (int) Math.floor(position);
            float w = (float) (position - source);
            if (source < 0) {
                source = 0;
                w = 0f;
            }
            if (source >= inSize - 1) {
                source = inSize - 1;
                w = 0f;
            }
            first[i] = source;
            weight[i] = w;
        }
    }
}
