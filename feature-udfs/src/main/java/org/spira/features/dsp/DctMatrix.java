package org.spira.features.dsp;

/**
 * Orthonormal DCT-II from {@code nMels} mel energies (dB) to {@code nMfcc} cepstral
 * coefficients, as torchaudio's {@code create_dct(nMfcc, nMels, "ortho")}:
 * {@code D[m][k] = cos(pi / nMels * (m + 0.5) * k) * sqrt(2 / nMels)}, row k = 0 scaled by
 * {@code 1 / sqrt(2)}.
 */
final class DctMatrix {
    private final int nMels;
    private final int nMfcc;
    /** Row-major {@code nMfcc x nMels}: each coefficient's weights are contiguous. */
    private final double[] byCoefficient;

    DctMatrix(int nMfcc, int nMels) {
        this.nMels = nMels;
        this.nMfcc = nMfcc;
        this.byCoefficient = new double[nMfcc * nMels];
        double scale = Math.sqrt(2.0 / nMels);
        for (int k = 0; k < nMfcc; k++) {
            double rowScale = k == 0 ? scale / Math.sqrt(2.0) : scale;
            for (int m = 0; m < nMels; m++) {
                byCoefficient[k * nMels + m] = Math.cos(Math.PI / nMels * (m + 0.5) * k) * rowScale;
            }
        }
    }

    /** Entry (mel m, coefficient k) of torchaudio's {@code n_mels x n_mfcc} matrix. */
    double get(int m, int k) {
        return byCoefficient[k * nMels + m];
    }

    /**
     * Transforms one frame.
     *
     * @param db {@code nMels} values from {@code dbOffset}, dB
     * @param out receives {@code nMfcc} coefficients from {@code outOffset}
     */
    void apply(double[] db, int dbOffset, double[] out, int outOffset) {
        for (int k = 0; k < nMfcc; k++) {
            int row = k * nMels;
            double sum = 0.0;
            for (int m = 0; m < nMels; m++) {
                sum += byCoefficient[row + m] * db[dbOffset + m];
            }
            out[outOffset + k] = sum;
        }
    }
}
