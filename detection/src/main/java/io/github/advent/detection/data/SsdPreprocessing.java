package io.github.advent.detection.data;

import io.github.advent.entropy.io.Image8;
import java.util.List;

/**
 * Turns a (possibly augmented) {@link DetectionSample} into SSD's input ({@link SsdInput}), channel-major
 * float32, with the boxes divided by the image's width and height. Two normalisations, one per
 * {@link io.github.advent.detection.model.SsdConvention}:
 * <ul>
 *   <li>{@link #ssd300()} (the original SSD, ssd.pytorch): the 8-bit image resized to 300x300, then the mean
 *       B 104, G 117, R 123 subtracted, BGR order (Caffe's VGG-16);
 *   <li>{@link #torchvision300()} (torchvision's {@code ssd300_vgg16}): each value scaled to [0, 1], the mean
 *       (0.48235, 0.45882, 0.40784) subtracted and divided by 1/255 ({@code GeneralizedRCNNTransform.normalize}),
 *       then resized to 300x300, RGB order.
 * </ul>
 *
 * <p>The resize is bilinear without a low-pass filter, the same in both: OpenCV's {@code INTER_LINEAR}
 * ({@code cv2.resize}, as ssd.pytorch resizes) and PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} both take source position {@code (x + 0.5) * in / out - 0.5}, the two nearest pixels
 * weighted linearly, positions past the first or last pixel clamped to it; computed in float as both do
 * on float images (OpenCV's 8-bit path rounds the weights to 11 bits). Not PIL's bilinear, which averages over
 * the whole footprint when shrinking. Note that ssd.pytorch, after subtracting the BGR mean, hands its network
 * RGB (its converted VGG weights take RGB): {@link ChannelOrder#RGB} gives that order with the same per-colour
 * means.
 */
public final class SsdPreprocessing {
    /** SSD-300's input side. */
    public static final int SSD300 = 300;
    /** The means subtracted, per colour, in BGR order. */
    public static final float[] MEAN_BGR = {104f, 117f, 123f};
    /** torchvision's {@code ssd300_vgg16} {@code image_mean}, RGB, for values in [0, 1]. */
    public static final float[] TORCHVISION_MEAN_RGB = {0.48235f, 0.45882f, 0.40784f};
    /** torchvision's {@code ssd300_vgg16} {@code image_std}: 1/255, undoing the [0, 1] scaling. */
    public static final float TORCHVISION_STD = (float) (1.0 / 255.0);

    /** The order of the three planes of the network input. */
    public enum ChannelOrder {
        /** Caffe SSD's (and this project's default). */
        BGR,
        /** ssd.pytorch's, for weights converted to take RGB; torchvision's. */
        RGB
    }

    private final int size;
    private final ChannelOrder order;
    private final boolean torchvision;

    public SsdPreprocessing(int size, ChannelOrder order) {
        this(size, order, false);
    }

    private SsdPreprocessing(int size, ChannelOrder order, boolean torchvision) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
        this.order = order;
        this.torchvision = torchvision;
    }

    /** 300 x 300, BGR, mean (104, 117, 123) subtracted after resizing. */
    public static SsdPreprocessing ssd300() {
        return new SsdPreprocessing(SSD300, ChannelOrder.BGR);
    }

    /** 300 x 300, RGB, torchvision's normalisation before resizing. */
    public static SsdPreprocessing torchvision300() {
        return new SsdPreprocessing(SSD300, ChannelOrder.RGB, true);
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
        float[] rgb = resizeBilinear(torchvision ? torchvisionNormalised(image) : values(image), image.width(),
                image.height(), 3, size, size);
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            float r = rgb[3 * p];
            float g = rgb[3 * p + 1];
            float b = rgb[3 * p + 2];
            if (!torchvision) {
                r -= MEAN_BGR[2];
                g -= MEAN_BGR[1];
                b -= MEAN_BGR[0];
            }
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

    /** The image's values as floats, interleaved. */
    private static float[] values(Image8 image) {
        byte[] in = image.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] & 0xFF;
        }
        return out;
    }

    /** {@code (v / 255 − mean_c) / std}, in float32 and in this order, as torchvision computes it. */
    private static float[] torchvisionNormalised(Image8 image) {
        byte[] in = image.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = ((in[i] & 0xFF) / 255f - TORCHVISION_MEAN_RGB[i % 3]) / TORCHVISION_STD;
        }
        return out;
    }

    /** OpenCV's INTER_LINEAR (= PyTorch's bilinear, align_corners=False) resize of an 8-bit image, in float, interleaved. */
    static float[] resizeBilinear(Image8 image, int width, int height) {
        return resizeBilinear(values(image), image.width(), image.height(), image.channels(), width, height);
    }

    /** The same resize of interleaved float values {@code inWidth x inHeight x channels}. */
    static float[] resizeBilinear(float[] in, int inWidth, int inHeight, int channels, int width, int height) {
        int[] x0 = new int[width];
        float[] fx = new float[width];
        taps(inWidth, width, x0, fx);
        int[] y0 = new int[height];
        float[] fy = new float[height];
        taps(inHeight, height, y0, fy);
        int rowLength = inWidth * channels;
        float[] out = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            int top = y0[y] * rowLength;
            int bottom = Math.min(y0[y] + 1, inHeight - 1) * rowLength;
            float wy = fy[y];
            for (int x = 0; x < width; x++) {
                int left = x0[x] * channels;
                int right = Math.min(x0[x] + 1, inWidth - 1) * channels;
                float wx = fx[x];
                for (int c = 0; c < channels; c++) {
                    float upper = in[top + left + c] * (1f - wx) + in[top + right + c] * wx;
                    float lower = in[bottom + left + c] * (1f - wx) + in[bottom + right + c] * wx;
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
