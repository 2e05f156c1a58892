package org.spira.features.dsp;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * One STFT frame to mel decibels, as torchaudio's {@code MelSpectrogram} followed by
 * {@code AmplitudeToDB("power")} before the top_db clamp: periodic Hann window of
 * {@code winLength} samples centred in {@code nFft}, onesided power spectrum |X|^2, HTK mel
 * filterbank, then {@code 10 log10(max(P, 1e-10))}.
 *
 * <p>Only the {@code winLength} samples under the Hann window reach the FFT; the rest of the
 * {@code nFft} buffer stays zero, exactly as torch's zero-padded window makes it. Computed in
 * double precision. Not thread-safe: it owns its FFT buffers.
 */
final class FrameAnalyzer {
    private final int nFft;
    private final int winLength;
    /** Offset of the Hann window inside the nFft frame: (nFft - winLength) / 2. */
    private final int windowOffset;

    private final double[] hann;
    private final DoubleFFT_1D fft;
    private final double[] frame;
    private final double[] power;
    private final MelFilterBank melBank;

    FrameAnalyzer(FeatureSpec spec) {
        this.nFft = spec.nFft();
        this.winLength = spec.winLength();
        this.windowOffset = (nFft - winLength) / 2;
        this.hann = periodicHann(winLength);
        this.fft = new DoubleFFT_1D(nFft);
        this.frame = new double[nFft];
        this.power = new double[spec.frequencyBins()];
        this.melBank = new MelFilterBank(spec);
    }

    /** torch.hann_window(n, periodic=True): 0.5 - 0.5 cos(2 pi i / n). */
    static double[] periodicHann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n);
        }
        return w;
    }

    /** Offset of the first windowed sample relative to the frame centre: always -winLength/2. */
    int supportOffsetFromCentre() {
        return windowOffset - nFft / 2;
    }

    /** Offset of the first windowed sample inside an nFft frame: (nFft - winLength) / 2. */
    int windowOffset() {
        return windowOffset;
    }

    /** Number of samples under the Hann window. */
    int supportLength() {
        return winLength;
    }

    /** Loads the windowed samples {@code x[start, start + winLength)}. */
    void loadSupport(float[] x, int start) {
        clearOutsideSupport();
        for (int i = 0; i < winLength; i++) {
            frame[windowOffset + i] = hann[i] * x[start + i];
        }
    }

    /**
     * Loads the windowed samples of a frame that crosses an edge of the analysis window
     * {@code x[windowStart, windowStart + windowLength)}, reflecting indices at its edges as
     * torch's {@code reflect} centre padding does (the edge sample is not repeated).
     *
     * @param relativeStart first windowed sample, relative to {@code windowStart} (may be negative)
     */
    void loadReflected(float[] x, int windowStart, int windowLength, int relativeStart) {
        clearOutsideSupport();
        for (int i = 0; i < winLength; i++) {
            int j = reflect(relativeStart + i, windowLength);
            frame[windowOffset + i] = hann[i] * x[windowStart + j];
        }
    }

    /** Reflect padding index map for a signal of {@code length} samples: -1 -> 1, length -> length - 2. */
    static int reflect(int index, int length) {
        if (index < 0) {
            return -index;
        }
        return index >= length ? 2 * (length - 1) - index : index;
    }

    /**
     * Transforms the loaded frame.
     *
     * @param melDb receives {@code nMels} values from {@code offset}, dB (not yet clamped)
     */
    void melDecibels(double[] melDb, int offset) {
        fft.realForward(frame);
        int half = nFft / 2;
        power[0] = frame[0] * frame[0];
        power[half] = frame[1] * frame[1];
        for (int k = 1; k < half; k++) {
            double re = frame[2 * k];
            double im = frame[2 * k + 1];
            power[k] = re * re + im * im;
        }
        melBank.apply(power, melDb, offset);
        for (int m = offset; m < offset + melBank.size(); m++) {
            melDb[m] = 10.0 * Math.log10(Math.max(melDb[m], FeatureSpec.POWER_FLOOR));
        }
    }

    MelFilterBank melBank() {
        return melBank;
    }

    private void clearOutsideSupport() {
        Arrays.fill(frame, 0, windowOffset, 0.0);
        Arrays.fill(frame, windowOffset + winLength, nFft, 0.0);
    }
}
