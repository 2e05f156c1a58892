package org.spira.features.bench;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.mfcc.MFCC;
import org.spira.features.dsp.FeatureSpec;

/**
 * TarsosDSP's {@link MFCC} applied to one analysis window with SPIRA's framing, so that its
 * output has SPIRA's shape (401 frames x 40 coefficients for a 4 s window).
 *
 * <p>Framing: frame t holds the 400 samples at window offsets [160 t - 200, 160 t + 200),
 * reflected at the window's edges: exactly the samples that torchaudio's centred 400-sample
 * Hann window sees inside its reflect-padded 1200-sample frame. Each frame goes to
 * {@code MFCC.process} as one {@link AudioEvent}.
 *
 * <p>What TarsosDSP 2.4.1 then computes (read from its source; it is NOT torchaudio's MFCC):
 * a symmetric Hamming window (not a periodic Hann); a 400-point FFT (no zero padding to 1200,
 * so 40 Hz bins instead of 13.3 Hz); the magnitude |X| (not the power |X|^2), where bin 0
 * mixes DC and Nyquist and the Nyquist bin is replaced by bin 199; 40 triangular filters
 * whose centres are rounded to FFT bins, on the HTK mel formula from 25 Hz (its constructor
 * raises 0 Hz to 25 Hz) to 8000 Hz, with unnormalised weights (i - left + 1) / (centre - left
 * + 1); the natural logarithm floored at -50 (no dB scale, no top-dB clamp); an unscaled
 * DCT-II evaluated with one {@code Math.cos} per term. It also allocates several arrays per
 * frame. The numbers differ from SPIRA's; only the shape and the amount of work per window
 * correspond.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class TarsosWindowMfcc {
    /** Bits per sample declared to TarsosDSP's event; MFCC only reads the float buffer. */
    private static final int SAMPLE_BITS = 16;

    private final FeatureSpec spec;
    private final MFCC mfcc;
    private final AudioEvent event;
    private final float[] frame;

    TarsosWindowMfcc(FeatureSpec spec) {
        this.spec = spec;
        this.mfcc =
                new MFCC(spec.winLength(), spec.sampleRate(), spec.nMfcc(), spec.nMels(), (float) spec.fMin(), (float)
                        spec.fMax());
        this.event = new AudioEvent(new TarsosDSPAudioFormat(spec.sampleRate(), SAMPLE_BITS, 1, true, false));
        this.frame = new float[spec.winLength()];
    }

    /** MFCC of the window starting at sample {@code start}: frames x coefficients, row-major. */
    float[] window(float[] samples, int start) {
        int coefficients = spec.nMfcc();
        float[] out = new float[spec.valuesPerWindow()];
        for (int t = 0; t < spec.framesPerWindow(); t++) {
            fillFrame(samples, start, t);
            event.setFloatBuffer(frame);
            mfcc.process(event);
            System.arraycopy(mfcc.getMFCC(), 0, out, t * coefficients, coefficients);
        }
        return out;
    }

    private void fillFrame(float[] samples, int start, int t) {
        int first = t * spec.hopLength() - spec.winLength() / 2;
        for (int i = 0; i < frame.length; i++) {
            frame[i] = samples[start + reflect(first + i)];
        }
    }

    /** torch's reflect padding: -1 maps to 1, window + 0 maps to window - 2 (edge not repeated). */
    private int reflect(int offset) {
        int last = spec.windowSamples() - 1;
        if (offset < 0) {
            return -offset;
        }
        return offset > last ? 2 * last - offset : offset;
    }
}
