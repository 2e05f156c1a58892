package org.spira.features.dsp;

import java.util.Arrays;

/**
 * HTK mel filterbank with torchaudio's {@code melscale_fbanks(norm=None, mel_scale="htk")}
 * semantics: {@code nMels} triangles whose corners are equally spaced on the mel scale between
 * {@code fMin} and {@code fMax} Hz, evaluated at the onesided STFT bin frequencies
 * {@code linspace(0, sampleRate // 2, nFft / 2 + 1)}, peak weight 1, no area normalization.
 *
 * <p>Stored sparsely: each filter keeps only its contiguous run of non-zero bins, so applying
 * the bank costs about two multiply-adds per bin instead of {@code bins x nMels}.
 */
final class MelFilterBank {
    private final int bins;
    private final int[] firstBin;
    private final double[][] weights;
    /** For each bin, the filters with a non-zero weight there (increasing) and those weights. */
    private final int[][] filtersOfBin;

    private final double[][] weightsOfBin;

    MelFilterBank(FeatureSpec spec) {
        this.bins = spec.frequencyBins();
        double[] binHz = binFrequencies(bins, spec.sampleRate());
        double[] cornerHz = cornerFrequencies(spec.fMin(), spec.fMax(), spec.nMels());
        this.firstBin = new int[spec.nMels()];
        this.weights = new double[spec.nMels()][];
        for (int m = 0; m < spec.nMels(); m++) {
            buildFilter(m, binHz, cornerHz);
        }
        this.filtersOfBin = new int[bins][];
        this.weightsOfBin = new double[bins][];
        for (int bin = 0; bin < bins; bin++) {
            int count = 0;
            for (int m = 0; m < weights.length; m++) {
                count += weight(bin, m) > 0.0 ? 1 : 0;
            }
            filtersOfBin[bin] = new int[count];
            weightsOfBin[bin] = new double[count];
            for (int m = 0, f = 0; m < weights.length; m++) {
                if (weight(bin, m) > 0.0) {
                    filtersOfBin[bin][f] = m;
                    weightsOfBin[bin][f++] = weight(bin, m);
                }
            }
        }
    }

    /** HTK mel of a frequency in Hz: 2595 log10(1 + f / 700). */
    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    /** Inverse of {@link #hzToMel}, Hz. */
    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    /** Number of filters. */
    int size() {
        return weights.length;
    }

    /** Weight of STFT bin {@code bin} in filter {@code filter} (0 outside its triangle). */
    double weight(int bin, int filter) {
        int offset = bin - firstBin[filter];
        double[] w = weights[filter];
        return offset >= 0 && offset < w.length ? w[offset] : 0.0;
    }

    /**
     * Mel energies of one power spectrum.
     *
     * @param power {@code nFft / 2 + 1} bin powers
     * @param mel receives {@code nMels} filter outputs from {@code offset}
     */
    void apply(double[] power, double[] mel, int offset) {
        for (int m = 0; m < weights.length; m++) {
            double[] w = weights[m];
            int first = firstBin[m];
            double sum = 0.0;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * power[first + i];
            }
            mel[offset + m] = sum;
        }
    }

    /**
     * Adds bin {@code bin}'s powers, weighted, to the rows of the filters whose triangle contains
     * it (at most two). Called for bins 0, 1, 2, ... in turn on rows that start at zero, it sums
     * each filter's bins in the order of {@link #apply}, so results are identical; no row of
     * every bin's powers is kept.
     *
     * @param power the bin's powers of {@code width} spectra
     * @param mel {@code nMels} rows of at least {@code width} filter outputs
     */
    void accumulateBin(int bin, double[] power, double[][] mel, int width) {
        int[] filters = filtersOfBin[bin];
        double[] w = weightsOfBin[bin];
        for (int f = 0; f < filters.length; f++) {
            double[] out = mel[filters[f]];
            double weight = w[f];
            for (int b = 0; b < width; b++) {
                out[b] += weight * power[b];
            }
        }
    }

    /** torch.linspace(0, sampleRate // 2, bins): the first half computed forwards, the rest backwards. */
    static double[] binFrequencies(int bins, int sampleRate) {
        return linspace(0.0, sampleRate / 2, bins);
    }

    private static double[] cornerFrequencies(double fMin, double fMax, int nMels) {
        double[] mels = linspace(hzToMel(fMin), hzToMel(fMax), nMels + 2);
        double[] hz = new double[mels.length];
        for (int i = 0; i < mels.length; i++) {
            hz[i] = melToHz(mels[i]);
        }
        return hz;
    }

    private static double[] linspace(double start, double end, int steps) {
        double[] values = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0.0;
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            values[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
        }
        return values;
    }

    /** max(0, min(down slope, up slope)) as torchaudio's _create_triangular_filterbank. */
    private void buildFilter(int m, double[] binHz, double[] cornerHz) {
        double lowerWidth = cornerHz[m + 1] - cornerHz[m];
        double upperWidth = cornerHz[m + 2] - cornerHz[m + 1];
        double[] dense = new double[binHz.length];
        int first = -1;
        int last = -1;
        for (int b = 0; b < binHz.length; b++) {
            double down = (binHz[b] - cornerHz[m]) / lowerWidth;
            double up = (cornerHz[m + 2] - binHz[b]) / upperWidth;
            dense[b] = Math.max(0.0, Math.min(down, up));
            if (dense[b] > 0.0) {
                first = first < 0 ? b : first;
                last = b;
            }
        }
        firstBin[m] = Math.max(first, 0);
        weights[m] = first < 0 ? new double[0] : Arrays.copyOfRange(dense, first, last + 1);
    }
}
