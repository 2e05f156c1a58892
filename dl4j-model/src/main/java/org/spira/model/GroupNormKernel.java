package org.spira.model;

import java.nio.FloatBuffer;

/**
 * Group normalisation of float32 NCHW activations, optionally followed by Mish, in Java loops
 * over one (sample, group) row at a time: the K = (C/G) H W values of a row are contiguous in c
 * order, copied into a Java array, processed in a few passes that C2 vectorizes, and copied back.
 * A row (124 KB for SpiraConvV2's first block) stays in the core's L2 cache between passes.
 *
 * <p>With x^ = (x - mean) s (s = 1 / sqrt(var + eps), biased variance over the row), y = gamma[c]
 * x^ + beta[c] and z = mish(y) (or y): forward writes z, or with pooling the maximum of each pair
 * of rows (2h, 2h + 1) of z (max pooling (2, 1), stride (2, 1), floor: an odd last row is dropped).
 * Backward recomputes z and routes each pooled gradient to the larger of its pair (the first on a
 * tie), then takes g = dz mish'(y), adds sum(g) to dbeta[c] and sum(g x^) to dgamma[c], and writes
 * dx = s (gamma[c] g - mean(gamma g) - x^ mean(gamma g x^)), means over the row. Sums are
 * accumulated in double.
 */
final class GroupNormKernel {
    private final int channelsPerGroup;
    private final int width;
    private final int span;
    private final int pooledSpan;
    private final int rowLength;
    private final int outputLength;
    private final boolean mish;
    private final boolean pooled;
    private final float[] x;
    private final float[] y;
    private final float[] g;
    private final float[] z;
    private final float[] activation;
    private float mean;
    private float scale;

    /**
     * @param channelsPerGroup C/G
     * @param height H
     * @param width W
     * @param mish whether Mish follows the normalisation
     * @param pooled whether max pooling (2, 1) follows: the output has H/2 rows (floor)
     */
    GroupNormKernel(int channelsPerGroup, int height, int width, boolean mish, boolean pooled) {
        this.channelsPerGroup = channelsPerGroup;
        this.width = width;
        this.span = height * width;
        this.pooledSpan = pooled ? height / 2 * width : span;
        this.rowLength = channelsPerGroup * span;
        this.outputLength = channelsPerGroup * pooledSpan;
        this.mish = mish;
        this.pooled = pooled;
        this.x = new float[rowLength];
        this.y = new float[rowLength];
        this.g = new float[rowLength];
        this.z = new float[outputLength];
        this.activation = pooled ? new float[rowLength] : null;
    }

    /** Normalises {@code rows} rows of {@code in} into {@code out}; gamma and beta have C entries. */
    void forward(FloatBuffer in, FloatBuffer out, int rows, float[] gamma, float[] beta) {
        int groups = gamma.length / channelsPerGroup;
        for (int row = 0; row < rows; row++) {
            int first = (row % groups) * channelsPerGroup;
            in.get(row * rowLength, x, 0, rowLength);
            statistics();
            affine(first, gamma, beta, mean, scale);
            if (mish) {
                MishKernel.forward(y, y, rowLength);
            }
            if (pooled) {
                pool();
                out.put(row * outputLength, z, 0, outputLength);
            } else {
                out.put(row * rowLength, y, 0, rowLength);
            }
        }
    }

    /**
     * Writes the input gradient of {@code rows} rows into {@code inputGradient} and adds the
     * parameter gradients to {@code gammaGradient} and {@code betaGradient} (C entries each).
     */
    void backward(
            FloatBuffer in,
            FloatBuffer outputGradient,
            FloatBuffer inputGradient,
            int rows,
            float[] gamma,
            float[] beta,
            float[] gammaGradient,
            float[] betaGradient) {
        int groups = gamma.length / channelsPerGroup;
        for (int row = 0; row < rows; row++) {
            int first = (row % groups) * channelsPerGroup;
            in.get(row * rowLength, x, 0, rowLength);
            statistics();
            normalize();
            affine(first, gamma, beta, 0, 1);
            if (pooled) {
                outputGradient.get(row * outputLength, z, 0, outputLength);
                unpool();
            } else {
                outputGradient.get(row * rowLength, g, 0, rowLength);
            }
            if (mish) {
                MishKernel.backward(y, g, rowLength);
            }
            double sumG = 0;
            double sumGx = 0;
            for (int c = 0; c < channelsPerGroup; c++) {
                int offset = c * span;
                double channelG = sum(g, offset, span);
                double channelGx = dot(g, x, offset, span);
                betaGradient[first + c] += (float) channelG;
                gammaGradient[first + c] += (float) channelGx;
                sumG += gamma[first + c] * channelG;
                sumGx += gamma[first + c] * channelGx;
            }
            inputGradient(first, gamma, (float) (sumG / rowLength), (float) (sumGx / rowLength));
            inputGradient.put(row * rowLength, y, 0, rowLength);
        }
    }

    /** Mean and 1 / sqrt(var + eps) of the row in {@code x}. */
    private void statistics() {
        float m = (float) (sum(x, 0, rowLength) / rowLength);
        double squares = 0;
        double squares1 = 0;
        int i = 0;
        for (; i + 1 < rowLength; i += 2) {
            float d0 = x[i] - m;
            float d1 = x[i + 1] - m;
            squares += d0 * d0;
            squares1 += d1 * d1;
        }
        for (; i < rowLength; i++) {
            float d = x[i] - m;
            squares += d * d;
        }
        mean = m;
        scale = (float) (1 / Math.sqrt((squares + squares1) / rowLength + GroupNormalization.EPSILON));
    }

    /** x := x^, in place. */
    private void normalize() {
        float m = mean;
        float s = scale;
        for (int i = 0; i < rowLength; i++) {
            x[i] = (x[i] - m) * s;
        }
    }

    /** z := the larger of each pair of rows of y, per channel. */
    private void pool() {
        for (int c = 0; c < channelsPerGroup; c++) {
            for (int from = c * span, to = c * pooledSpan; to < (c + 1) * pooledSpan; from += 2 * width, to += width) {
                for (int w = 0; w < width; w++) {
                    z[to + w] = Math.max(y[from + w], y[from + width + w]);
                }
            }
        }
    }

    /**
     * g := the pooled gradient in z routed to the larger of each pair of rows of mish(y) (or y),
     * zero elsewhere; y is kept.
     */
    private void unpool() {
        if (mish) {
            MishKernel.forward(y, activation, rowLength);
        } else {
            System.arraycopy(y, 0, activation, 0, rowLength);
        }
        for (int c = 0; c < channelsPerGroup; c++) {
            int to = c * span;
            for (int from = c * pooledSpan; from < (c + 1) * pooledSpan; from += width, to += 2 * width) {
                for (int w = 0; w < width; w++) {
                    float d = z[from + w];
                    float first = activation[to + w] >= activation[to + width + w] ? d : 0f;
                    g[to + w] = first;
                    g[to + width + w] = d - first;
                }
            }
            java.util.Arrays.fill(g, to, (c + 1) * span, 0);
        }
    }

    /** y := gamma[c] (x - m) s + beta[c]: m and s are the statistics, or 0 and 1 once x holds x^. */
    private void affine(int first, float[] gamma, float[] beta, float m, float s) {
        for (int c = 0; c < channelsPerGroup; c++) {
            float a = gamma[first + c] * s;
            float b = beta[first + c] - m * a;
            int offset = c * span;
            for (int i = 0; i < span; i++) {
                y[offset + i] = x[offset + i] * a + b;
            }
        }
    }

    /** y := s (gamma[c] g - meanG - x^ meanGx), with x^ in {@code x}. */
    private void inputGradient(int first, float[] gamma, float meanG, float meanGx) {
        float s = scale;
        float shift = -meanG * s;
        float slope = -meanGx * s;
        for (int c = 0; c < channelsPerGroup; c++) {
            float a = gamma[first + c] * s;
            int offset = c * span;
            for (int i = 0; i < span; i++) {
                y[offset + i] = g[offset + i] * a + x[offset + i] * slope + shift;
            }
        }
    }

    /**
     * The sum of {@code length} values from {@code offset}, in double, with four independent
     * accumulators: one chain of dependent additions would wait on the adder's latency.
     */
    private static double sum(float[] values, int offset, int length) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = offset;
        int end = offset + length;
        for (; i + 3 < end; i += 4) {
            a += values[i];
            b += values[i + 1];
            c += values[i + 2];
            d += values[i + 3];
        }
        for (; i < end; i++) {
            a += values[i];
        }
        return (a + b) + (c + d);
    }

    /** The dot product of {@code length} values of {@code p} and {@code q} from {@code offset}, as {@link #sum}. */
    private static double dot(float[] p, float[] q, int offset, int length) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = offset;
        int end = offset + length;
        for (; i + 3 < end; i += 4) {
            a += p[i] * q[i];
            b += p[i + 1] * q[i + 1];
            c += p[i + 2] * q[i + 2];
            d += p[i + 3] * q[i + 3];
        }
        for (; i < end; i++) {
            a += p[i] * q[i];
        }
        return (a + b) + (c + d);
    }
}
