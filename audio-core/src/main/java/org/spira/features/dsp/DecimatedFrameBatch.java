package org.spira.features.dsp;

import java.util.Arrays;

/**
 * {@link FrameBatch} for specs with {@code nFft = 3 winLength} (SPIRA: 1200 = 3 x 400), computing
 * the zero-padded DFT from DFTs of length {@code L = winLength} only, for a batch of frames at once.
 *
 * <p>Only the {@code L} windowed samples {@code y[n]} of a frame are non-zero. Their offset inside
 * the {@code nFft} frame multiplies {@code X[k]} by a unit phase, which the power |X|^2 drops, so
 * with {@code k = 3m + r}: {@code X[3m] = DFT_L(y)[m]}, {@code X[3m+1] = DFT_L(y[n] w^n)[m]} with
 * {@code w = exp(-2 pi i / nFft)}, and, y being real, {@code |X[3m+2]| = |X[nFft-3m-2]| =
 * |X[3(L-1-m)+1]|}. The real DFT of two frames a and b is one complex DFT of {@code a + i b},
 * separated by conjugate symmetry. Per frame that is 1.5 complex DFTs of length L instead of one
 * real DFT of length nFft, computed by {@link LaneFft} on all frames of the batch together.
 *
 * <p>Every stage keeps one row per sample, bin, band or coefficient with the frames of the batch
 * across it (lane = column), and every loop reads and writes whole rows at one index: the layout
 * HotSpot's SuperWord (JDK 17) vectorizes, since it proves a store does not feed a later
 * iteration's load only when the two addresses share their loop-invariant part. The batch is wide
 * (96 frames, 144 DFT lanes) so that the vector loops dominate their scalar pre- and post-loops;
 * wider batches gained nothing more here, narrower ones lost (64 frames: about 12 % slower).
 * Everything is double precision; results match {@link FrameAnalyzer} to rounding.
 */
final class DecimatedFrameBatch implements FrameBatch {
    private static final int CAPACITY = 96;

    private final int length;
    private final double[] hann;
    /** exp(-2 pi i n / nFft), n in [0, L). */
    private final double[] modulationRe;

    private final double[] modulationIm;
    private final LaneFft fft;
    private final MelFilterBank melBank;
    private final DctMatrix dct;
    private final int nMels;
    private final int nMfcc;
    /**
     * DFT rows, one per sample n of the Hann support: loaded with the windowed samples (lane =
     * column), then lanes {@code [0, count)} hold the modulated frames and lanes {@code count + j}
     * frame j plus i times frame {@code j + pairs}. {@link LaneFft} may rename the rows.
     */
    private final double[][] re;

    private final double[][] im;
    /** Bin-3m powers of the packed lanes, at the lanes' own indices, before they move to {@link #binPower}. */
    private final double[] packedFirst;

    private final double[] packedSecond;
    /** The powers of one frequency bin, lane = column: bins are computed one at a time, in order. */
    private final double[] binPower;
    /** One row per mel band (energy, then dB), then per coefficient; lane = column. */
    private final double[][] melDb;

    private final double[][] coefficients;
    private int count;

    DecimatedFrameBatch(FeatureSpec spec) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("DecimatedFrameBatch needs nFft = 3 winLength with winLength a product"
                    + " of 2, 3 and 5; got nFft " + spec.nFft() + ", winLength " + spec.winLength());
        }
        this.length = spec.winLength();
        this.hann = FrameAnalyzer.periodicHann(length);
        this.modulationRe = new double[length];
        this.modulationIm = new double[length];
        for (int n = 0; n < length; n++) {
            double angle = -2.0 * Math.PI * n / spec.nFft();
            modulationRe[n] = Math.cos(angle);
            modulationIm[n] = Math.sin(angle);
        }
        this.fft = new LaneFft(length);
        this.melBank = new MelFilterBank(spec);
        this.dct = new DctMatrix(spec.nMfcc(), spec.nMels());
        this.nMels = spec.nMels();
        this.nMfcc = spec.nMfcc();
        int lanes = CAPACITY + CAPACITY / 2;
        this.re = new double[length][lanes];
        this.im = new double[length][lanes];
        this.packedFirst = new double[lanes];
        this.packedSecond = new double[lanes];
        this.binPower = new double[CAPACITY];
        this.melDb = new double[nMels][CAPACITY];
        this.coefficients = new double[nMfcc][CAPACITY];
    }

    /** True if {@code spec} has {@code nFft = 3 winLength} and winLength suits {@link LaneFft}. */
    static boolean supports(FeatureSpec spec) {
        return spec.nFft() == 3 * spec.winLength() && LaneFft.supports(spec.winLength());
    }

    @Override
    public int capacity() {
        return CAPACITY;
    }

    @Override
    public void loadSupports(int frames, float[] x, int start, int step) {
        // Row by row: each row is written contiguously, the waveform read with a stride.
        for (int n = 0; n < length; n++) {
            double[] row = re[n];
            double weight = hann[n];
            for (int c = 0, i = start + n; c < frames; c++, i += step) {
                row[c] = weight * x[i];
            }
        }
    }

    @Override
    public void loadReflected(int column, float[] x, int windowStart, int windowLength, int relativeStart) {
        for (int n = 0; n < length; n++) {
            int j = FrameAnalyzer.reflect(relativeStart + n, windowLength);
            re[n][column] = hann[n] * x[windowStart + j];
        }
    }

    @Override
    public void transform(int frames) {
        if (frames < 1 || frames > CAPACITY) {
            throw new IllegalArgumentException("a batch holds 1 to " + CAPACITY + " frames, not " + frames);
        }
        count = frames;
        int pairs = (frames + 1) / 2;
        loadDftInput(pairs);
        fft.forward(re, im, count + pairs);
        melEnergies(pairs);
        for (double[] band : melDb) {
            for (int c = 0; c < count; c++) {
                band[c] = 10.0 * Math.log10(Math.max(band[c], FeatureSpec.POWER_FLOOR));
            }
        }
        dct.applyBatch(melDb, count, coefficients);
    }

    @Override
    public void copyFrame(int column, double[] mel, int melOffset, double[] dctOut, int coefficientOffset) {
        for (int m = 0; m < nMels; m++) {
            mel[melOffset + m] = melDb[m][column];
        }
        for (int k = 0; k < nMfcc; k++) {
            dctOut[coefficientOffset + k] = coefficients[k][column];
        }
    }

    /**
     * From the windowed samples in lanes {@code [0, count)}: lanes {@code count + j} get frame j
     * plus i times frame {@code j + pairs} (zero if that frame is not loaded), then lanes
     * {@code [0, count)} become {@code y[n] w^n}.
     */
    private void loadDftInput(int pairs) {
        for (int n = 0; n < length; n++) {
            double[] outRe = re[n];
            double[] outIm = im[n];
            System.arraycopy(outRe, 0, outRe, count, pairs);
            System.arraycopy(outRe, pairs, outIm, count, count - pairs);
            if (count % 2 != 0) {
                outIm[count + pairs - 1] = 0.0;
            }
            scale(outRe, modulationIm[n], outIm, count);
            scale(outRe, modulationRe[n], outRe, count);
        }
    }

    private static void scale(double[] in, double factor, double[] out, int width) {
        for (int b = 0; b < width; b++) {
            out[b] = in[b] * factor;
        }
    }

    /**
     * Mel energies into {@link #melDb}, bin by bin in increasing order: bin {@code 3m} from the
     * packed lanes, bins {@code 3m + 1} and {@code 3m + 2} (m < L/2) from the modulated ones.
     */
    private void melEnergies(int pairs) {
        for (double[] band : melDb) {
            Arrays.fill(band, 0, count, 0.0);
        }
        for (int m = 0; m <= length / 2; m++) {
            packedPower(m, pairs);
            melBank.accumulateBin(3 * m, binPower, melDb, count);
            if (m < length / 2) {
                int first = fft.row(m);
                squaredMagnitude(re[first], im[first], binPower, count);
                melBank.accumulateBin(3 * m + 1, binPower, melDb, count);
                int mirrored = fft.row(length - 1 - m);
                squaredMagnitude(re[mirrored], im[mirrored], binPower, count);
                melBank.accumulateBin(3 * m + 2, binPower, melDb, count);
            }
        }
    }

    /** |X[3m + 1]|^2 from a modulated row, or |X[3m + 2]|^2 from its mirror L - 1 - m. */
    private static void squaredMagnitude(double[] r, double[] i, double[] out, int width) {
        for (int b = 0; b < width; b++) {
            out[b] = r[b] * r[b] + i[b] * i[b];
        }
    }

    /**
     * |X[3m]|^2 from the packed lanes into {@link #binPower}: with {@code Z = DFT(a + i b)},
     * {@code 2 A[m] = Z[m] + conj(Z[L-m])} and {@code 2i B[m] = Z[m] - conj(Z[L-m])}. Computed at
     * the packed lanes' indices, then copied to the frames' columns.
     */
    private void packedPower(int m, int pairs) {
        int end = count + pairs;
        int z = fft.row(m);
        int mirrored = fft.row((length - m) % length);
        double[] zr = re[z];
        double[] zi = im[z];
        double[] mr = re[mirrored];
        double[] mi = im[mirrored];
        for (int lane = count; lane < end; lane++) {
            double ar = zr[lane] + mr[lane];
            double ai = zi[lane] - mi[lane];
            packedFirst[lane] = 0.25 * (ar * ar + ai * ai);
        }
        for (int lane = count; lane < end; lane++) {
            double br = zi[lane] + mi[lane];
            double bi = zr[lane] - mr[lane];
            packedSecond[lane] = 0.25 * (br * br + bi * bi);
        }
        System.arraycopy(packedFirst, count, binPower, 0, pairs);
        System.arraycopy(packedSecond, count, binPower, pairs, count - pairs);
    }
}
