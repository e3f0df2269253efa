package io.github.advent.tools.demo;

/** A separable Gaussian blur of one float channel, edges clamped (the demo's optical blur). */
final class GaussianBlur {
    private GaussianBlur() {}

    static void apply(float[] channel, int width, int height, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        float[] temp = new float[channel.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double value = 0;
                for (int k = -radius; k <= radius; k++) {
                    value += kernel[k + radius] * channel[y * width + Math.min(width - 1, Math.max(0, x + k))];
                }
                temp[y * width + x] = (float) value;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double value = 0;
                for (int k = -radius; k <= radius; k++) {
                    value += kernel[k + radius] * temp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
                }
                channel[y * width + x] = (float) value;
            }
        }
    }
}
