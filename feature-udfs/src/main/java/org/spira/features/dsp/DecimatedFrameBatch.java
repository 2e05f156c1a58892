package org.spira.features.dsp;

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
 * real DFT of length nFft, computed by {@link BatchedFft} on all frames of the batch together.
 *
 * <p>From the power spectrum on, each bin, band and coefficient is its own row with the frames
 * across it, so the mel and DCT loops read and write whole rows at index 0: HotSpot's SuperWord
 * (JDK 17) vectorizes a loop only when all its array accesses share one loop-invariant offset,
 * which accesses at different runtime offsets of one flat array do not. Everything is double
 * precision; results match {@link FrameAnalyzer} to rounding.
 */
final class DecimatedFrameBatch implements FrameBatch {
    private static final int CAPACITY = 16;

    private final int length;
    private final double[] hann;
    /** exp(-2 pi i n / nFft), n in [0, L). */
    private final double[] modulationRe;

    private final double[] modulationIm;
    private final BatchedFft fft;
    private final MelFilterBank melBank;
    private final DctMatrix dct;
    private final int nMels;
    private final int nMfcc;
    /** Windowed samples, {@code L x CAPACITY}, {@code [n * CAPACITY + column]}. */
    private final double[] samples;
    /** DFT input and output: CAPACITY modulated frames, then CAPACITY / 2 packed pairs. */
    private final double[] re;

    private final double[] im;
    /** One row per frequency bin, lane = column. */
    private final double[][] power;
    /** One row per mel band (dB), then per coefficient; lane = column. */
    private final double[][] melDb;

    private final double[][] coefficients;
    private int count;

    DecimatedFrameBatch(FeatureSpec spec) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("DecimatedFrameBatch needs nFft = 3 winLength with winLength a product"
                    + " of 2, 3, 4 and 5; got nFft " + spec.nFft() + ", winLength " + spec.winLength());
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
        this.fft = new BatchedFft(length);
        this.melBank = new MelFilterBank(spec);
        this.dct = new DctMatrix(spec.nMfcc(), spec.nMels());
        this.nMels = spec.nMels();
        this.nMfcc = spec.nMfcc();
        this.samples = new double[length * CAPACITY];
        this.re = new double[length * (CAPACITY + CAPACITY / 2)];
        this.im = new double[re.length];
        this.power = new double[spec.frequencyBins()][CAPACITY];
        this.melDb = new double[nMels][CAPACITY];
        this.coefficients = new double[nMfcc][CAPACITY];
    }

    /** True if {@code spec} has {@code nFft = 3 winLength} and winLength suits {@link BatchedFft}. */
    static boolean supports(FeatureSpec spec) {
        return spec.nFft() == 3 * spec.winLength() && BatchedFft.supports(spec.winLength());
    }

    @Override
    public int capacity() {
        return CAPACITY;
    }

    @Override
    public void loadSupport(int column, float[] x, int start) {
        for (int n = 0; n < length; n++) {
            samples[n * CAPACITY + column] = hann[n] * x[start + n];
        }
    }

    @Override
    public void loadReflected(int column, float[] x, int windowStart, int windowLength, int relativeStart) {
        for (int n = 0; n < length; n++) {
            int j = FrameAnalyzer.reflect(relativeStart + n, windowLength);
            samples[n * CAPACITY + column] = hann[n] * x[windowStart + j];
        }
    }

    @Override
    public void transform(int frames) {
        if (frames < 1 || frames > CAPACITY) {
            throw new IllegalArgumentException("a batch holds 1 to " + CAPACITY + " frames, not " + frames);
        }
        count = frames;
        int pairs = (frames + 1) / 2;
        int width = frames + pairs;
        loadDftInput(pairs, width);
        fft.forward(re, im, width);
        modulatedPower(width);
        packedPower(pairs, width);
        melBank.applyBatch(power, count, melDb);
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
     * Columns {@code [0, count)}: {@code y[n] w^n}; columns {@code count + j}: frame j plus i
     * times frame {@code j + pairs} (zero if that frame is not loaded).
     */
    private void loadDftInput(int pairs, int width) {
        for (int n = 0; n < length; n++) {
            int in = n * CAPACITY;
            int out = n * width;
            double wr = modulationRe[n];
            double wi = modulationIm[n];
            for (int b = 0; b < count; b++) {
                re[out + b] = samples[in + b] * wr;
                im[out + b] = samples[in + b] * wi;
            }
            System.arraycopy(samples, in, re, out + count, pairs);
            System.arraycopy(samples, in + pairs, im, out + count, count - pairs);
            if (count % 2 != 0) {
                im[out + width - 1] = 0.0;
            }
        }
    }

    /** Bins {@code 3m + 1} and {@code 3m + 2}, m in [0, L/2), from the modulated columns. */
    private void modulatedPower(int width) {
        for (int m = 0; m < length / 2; m++) {
            int first = m * width;
            int mirrored = (length - 1 - m) * width;
            double[] out1 = power[3 * m + 1];
            double[] out2 = power[3 * m + 2];
            for (int b = 0; b < count; b++) {
                out1[b] = re[first + b] * re[first + b] + im[first + b] * im[first + b];
                out2[b] = re[mirrored + b] * re[mirrored + b] + im[mirrored + b] * im[mirrored + b];
            }
        }
    }

    /**
     * Bins {@code 3m}, m in [0, L/2], from the packed columns: with {@code Z = DFT(a + i b)},
     * {@code 2 A[m] = Z[m] + conj(Z[L-m])} and {@code 2i B[m] = Z[m] - conj(Z[L-m])}.
     */
    private void packedPower(int pairs, int width) {
        for (int m = 0; m <= length / 2; m++) {
            int z = m * width + count;
            int mirrored = (length - m) % length * width + count;
            double[] out = power[3 * m];
            for (int j = 0; j < pairs; j++) {
                double ar = re[z + j] + re[mirrored + j];
                double ai = im[z + j] - im[mirrored + j];
                out[j] = 0.25 * (ar * ar + ai * ai);
            }
            for (int j = 0; j < count - pairs; j++) {
                double br = im[z + j] + im[mirrored + j];
                double bi = re[z + j] - re[mirrored + j];
                out[pairs + j] = 0.25 * (br * br + bi * bi);
            }
        }
    }
}
