package io.github.advent.entropy.ops;

/**
 * A 2-D convolution as PyTorch defines it (cross-correlation, zero padding, stride, dilation) written
 * out as loops in double precision, with the gradients of {@code sum(y · upstream)} with respect to the
 * input, the kernel and the bias: an independent reference for tests.
 */
final class DirectConvolution {
    final int n;
    final int channels;
    final int height;
    final int width;
    final int outputs;
    final int kernel;
    final int stride;
    final int padding;
    final int dilation;
    final int outHeight;
    final int outWidth;

    DirectConvolution(long[] inputShape, long[] kernelShape, int stride, int padding, int dilation) {
        this.n = (int) inputShape[0];
        this.channels = (int) inputShape[1];
        this.height = (int) inputShape[2];
        this.width = (int) inputShape[3];
        this.outputs = (int) kernelShape[0];
        this.kernel = (int) kernelShape[2];
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.outHeight = (height + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        this.outWidth = (width + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    }

    /** y = conv(x, w) + b; {@code bias} may be null. */
    double[] forward(float[] x, float[] w, float[] bias) {
        double[] y = new double[n * outputs * outHeight * outWidth];
        visit((out, in, tap, o) -> y[out] += (double) w[tap] * x[in]);
        if (bias != null) {
            for (int i = 0; i < y.length; i++) {
                y[i] += bias[(i / (outHeight * outWidth)) % outputs];
            }
        }
        return y;
    }

    double[] inputGradient(float[] w, float[] upstream) {
        double[] g = new double[n * channels * height * width];
        visit((out, in, tap, o) -> g[in] += (double) w[tap] * upstream[out]);
        return g;
    }

    double[] kernelGradient(float[] x, float[] upstream) {
        double[] g = new double[outputs * channels * kernel * kernel];
        visit((out, in, tap, o) -> g[tap] += (double) x[in] * upstream[out]);
        return g;
    }

    double[] biasGradient(float[] upstream) {
        double[] g = new double[outputs];
        for (int i = 0; i < upstream.length; i++) {
            g[(i / (outHeight * outWidth)) % outputs] += upstream[i];
        }
        return g;
    }

    private interface Term {
        void add(int outIndex, int inIndex, int tapIndex, int output);
    }

    /** Calls {@code term} for every (output element, input element, kernel element) product of the convolution. */
    private void visit(Term term) {
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < outputs; o++) {
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++) {
                        int out = ((b * outputs + o) * outHeight + i) * outWidth + j;
                        for (int c = 0; c < channels; c++) {
                            for (int ky = 0; ky < kernel; ky++) {
                                int y = i * stride - padding + ky * dilation;
                                if (y < 0 || y >= height) {
                                    continue;
                                }
                                for (int kx = 0; kx < kernel; kx++) {
                                    int x = j * stride - padding + kx * dilation;
                                    if (x < 0 || x >= width) {
                                        continue;
                                    }
                                    term.add(out, ((b * channels + c) * height + y) * width + x,
                                            ((o * channels + c) * kernel + ky) * kernel + kx, o);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
