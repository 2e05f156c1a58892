package org.spira.features.dsp;

import java.util.Arrays;

/**
 * Orthonormal DCT-II from {@code nMels} mel energies (dB) to {@code nMfcc} cepstral
 * coefficients, as torchaudio's {@code create_dct(nMfcc, nMels, "ortho")}:
 * {@code D[m][k] = cos(pi / nMels * (m + 0.5) * k) * sqrt(2 / nMels)}, row k = 0 scaled by
 * {@code 1 / sqrt(2)}.
 *
 * <p>Not thread-safe: {@link #applyBatch} reuses a scratch buffer.
 */
final class DctMatrix {
    private final int nMels;
    private final int nMfcc;
    /** {@code nMels} rows of {@code nMfcc} weights: one mel band's weights are one array. */
    private final double[][] byMel;
    /** Scratch of {@link #applyBatch}: folded sums and differences, rows of the widest batch so far. */
    private double[][] sums = new double[0][0];

    private double[][] differences = new double[0][0];

    DctMatrix(int nMfcc, int nMels) {
        this.nMels = nMels;
        this.nMfcc = nMfcc;
        this.byMel = new double[nMels][nMfcc];
        double scale = Math.sqrt(2.0 / nMels);
        for (int k = 0; k < nMfcc; k++) {
            double rowScale = k == 0 ? scale / Math.sqrt(2.0) : scale;
            for (int m = 0; m < nMels; m++) {
                byMel[m][k] = Math.cos(Math.PI / nMels * (m + 0.5) * k) * rowScale;
            }
        }
    }

    /** Entry (mel m, coefficient k) of torchaudio's {@code n_mels x n_mfcc} matrix. */
    double get(int m, int k) {
        return byMel[m][k];
    }

    /**
     * Transforms one frame.
     *
     * @param db {@code nMels} values from {@code dbOffset}, dB
     * @param out receives {@code nMfcc} coefficients from {@code outOffset}
     */
    void apply(double[] db, int dbOffset, double[] out, int outOffset) {
        for (int k = 0; k < nMfcc; k++) {
            double sum = 0.0;
            for (int m = 0; m < nMels; m++) {
                sum += byMel[m][k] * db[dbOffset + m];
            }
            out[outOffset + k] = sum;
        }
    }

    /**
     * Transforms {@code width} frames at once, one row per band or coefficient with the frames
     * across it. Uses the symmetry {@code D[nMels-1-m][k] = (-1)^k D[m][k]}: even coefficients
     * need only the folded sums {@code x[m] + x[nMels-1-m]}, odd ones the differences, half the
     * multiply-adds of {@link #apply}; results agree with it to rounding.
     *
     * @param db {@code nMels} rows of at least {@code width} values, dB
     * @param out receives {@code nMfcc} rows of {@code width} coefficients
     */
    void applyBatch(double[][] db, int width, double[][] out) {
        int half = nMels / 2;
        if (sums.length < half || (half > 0 && sums[0].length < width)) {
            sums = new double[half][width];
            differences = new double[half][width];
        }
        for (int m = 0; m < half; m++) {
            double[] low = db[m];
            double[] high = db[nMels - 1 - m];
            double[] sum = sums[m];
            double[] difference = differences[m];
            for (int b = 0; b < width; b++) {
                sum[b] = low[b] + high[b];
                difference[b] = low[b] - high[b];
            }
        }
        for (int k = 0; k < nMfcc; k++) {
            double[] row = out[k];
            Arrays.fill(row, 0, width, 0.0);
            double[][] folded = k % 2 == 0 ? sums : differences;
            int m = 0;
            // Four bands per pass over the row: a quarter of the loads and stores of the output.
            for (; m + 3 < half; m += 4) {
                addFourScaled(k, m, folded, row, width);
            }
            for (; m < half; m++) {
                addScaled(byMel[m][k], folded[m], row, width);
            }
            if (nMels % 2 != 0 && k % 2 == 0) {
                // The middle band pairs with itself; its weight is cos(pi k / 2) = 0 for odd k.
                addScaled(byMel[half][k], db[half], row, width);
            }
        }
    }

    private void addFourScaled(int k, int m, double[][] in, double[] out, int width) {
        double w0 = byMel[m][k];
        double w1 = byMel[m + 1][k];
        double w2 = byMel[m + 2][k];
        double w3 = byMel[m + 3][k];
        double[] in0 = in[m];
        double[] in1 = in[m + 1];
        double[] in2 = in[m + 2];
        double[] in3 = in[m + 3];
        for (int b = 0; b < width; b++) {
            out[b] += w0 * in0[b] + w1 * in1[b] + w2 * in2[b] + w3 * in3[b];
        }
    }

    private static void addScaled(double scale, double[] in, double[] out, int n) {
        for (int b = 0; b < n; b++) {
            out[b] += scale * in[b];
        }
    }

    /**
     * Adds {@code scale} times mel band {@code m}'s weights to {@code nMfcc} coefficients: by
     * linearity, the change of the transform when that band's dB value grows by {@code scale}.
     */
    void addScaledRow(int m, double scale, double[] out) {
        addScaled(scale, byMel[m], out, nMfcc);
    }
}
