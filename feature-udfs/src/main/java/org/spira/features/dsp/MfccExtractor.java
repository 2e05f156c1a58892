package org.spira.features.dsp;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * SPIRA's MFCC features: torchaudio's {@code MFCC(log_mels=False)} applied to each analysis
 * window on its own (SPIRA.md section 3). Output per window: {@code framesPerWindow x nMfcc}
 * floats, row-major (401 x 40 for SPIRA), i.e. torchaudio's {@code (n_mfcc, time)} transposed.
 *
 * <p>{@link #windows} exploits the window overlap. A frame whose Hann support lies inside its
 * window sees no reflect padding, so it equals the frame at the same absolute centre in every
 * other window containing it: its mel dB, their min and max, and its unclamped DCT are computed
 * once and shared. Only frames whose support crosses a window edge are computed per window.
 * The top_db clamp is per window; a shared frame whose min dB is at or above the window's floor
 * is unaffected by it, so its cached DCT is reused, otherwise it is clamped and transformed
 * again. Results equal {@link #window}, the direct per-window definition.
 *
 * <p>Not thread-safe: use one instance per thread. It reuses its buffers between calls.
 */
public final class MfccExtractor {
    private final FeatureSpec spec;
    private final FrameAnalyzer analyzer;
    private final DctMatrix dct;
    private final int frames;
    private final int nMels;
    private final int nMfcc;
    private final FrameLayout layout;

    // Frame store: slots [0, frames) are a ring of shared frames keyed by absolute centre
    // (sample index); slots [frames, frames + edgeFrames) hold the current window's edge frames.
    private final double[] melDb;
    private final double[] frameMin;
    private final double[] frameMax;
    private final double[] sharedDct;
    private final long[] sharedCentre;
    private final int[] frameSlot;
    private final double[] clampedDb;
    private final double[] clampedDct;

    public MfccExtractor(FeatureSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.analyzer = new FrameAnalyzer(spec);
        this.dct = new DctMatrix(spec.nMfcc(), spec.nMels());
        this.frames = spec.framesPerWindow();
        this.nMels = spec.nMels();
        this.nMfcc = spec.nMfcc();
        this.layout = new FrameLayout(spec, analyzer.supportOffsetFromCentre(), analyzer.supportLength());
        int slots = frames + layout.edgeFrames();
        this.melDb = new double[slots * nMels];
        this.frameMin = new double[slots];
        this.frameMax = new double[slots];
        this.sharedDct = new double[frames * nMfcc];
        this.sharedCentre = new long[frames];
        this.frameSlot = new int[frames];
        this.clampedDb = new double[nMels];
        this.clampedDct = new double[nMfcc];
    }

    /**
     * MFCC of every whole window of a waveform at {@code spec.sampleRate()} Hz.
     *
     * @param waveform samples in [-1, 1]; not modified
     * @return {@code spec.windowCount(length)} arrays (none if the waveform is shorter than a
     *     window); entry w is the window starting at sample {@code w * stepSamples}, frames x
     *     coefficients row-major
     */
    public float[][] windows(float[] waveform) {
        Objects.requireNonNull(waveform, "waveform");
        int count = spec.windowCount(waveform.length);
        float[][] result = new float[count][];
        Arrays.fill(sharedCentre, -1L);
        // Windows whose starts differ by a multiple of the hop put frames on the same centre
        // grid; visiting each such group in order keeps every shared frame in the ring.
        int groups = phaseGroups();
        for (int first = 0; first < Math.min(groups, count); first++) {
            for (int w = first; w < count; w += groups) {
                int start = Math.multiplyExact(w, spec.stepSamples());
                double max = gatherFrames(waveform, start);
                result[w] = emit(max - spec.topDb());
            }
        }
        return result;
    }

    /**
     * MFCC of one window, computed on its own straight from the torchaudio definition (reflect
     * padding, framing, dB, clamp, DCT). The reference for {@link #windows}; slower.
     *
     * @param waveform samples at {@code spec.sampleRate()} Hz; not modified
     * @param startSample first sample of the window; the window must lie inside the waveform
     * @return frames x coefficients, row-major
     */
    public float[] window(float[] waveform, int startSample) {
        Objects.requireNonNull(waveform, "waveform");
        int windowSamples = spec.windowSamples();
        if (startSample < 0 || startSample > waveform.length - windowSamples) {
            throw new IllegalArgumentException("window [" + startSample + ", " + ((long) startSample + windowSamples)
                    + ") is not inside a waveform of " + waveform.length + " samples");
        }
        float[] padded = reflectPadded(waveform, startSample);
        double[] db = new double[frames * nMels];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            analyzer.loadSupport(padded, t * spec.hopLength() + analyzer.windowOffset());
            analyzer.melDecibels(db, t * nMels);
        }
        for (double value : db) {
            max = Math.max(max, value);
        }
        double floor = max - spec.topDb();
        float[] out = new float[frames * nMfcc];
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < nMels; m++) {
                clampedDb[m] = Math.max(db[t * nMels + m], floor);
            }
            dct.apply(clampedDb, 0, clampedDct, 0);
            store(clampedDct, 0, out, t);
        }
        return out;
    }

    /** Number of window-start phases modulo the hop: hop / gcd(step, hop); 1 for SPIRA. */
    private int phaseGroups() {
        int hop = spec.hopLength();
        return hop
                / BigInteger.valueOf(spec.stepSamples())
                        .gcd(BigInteger.valueOf(hop))
                        .intValue();
    }

    /** Fills {@link #frameSlot} for the window at {@code start}; returns its max mel dB. */
    private double gatherFrames(float[] x, int start) {
        double max = Double.NEGATIVE_INFINITY;
        int edge = 0;
        for (int t = 0; t < frames; t++) {
            int slot;
            if (layout.isInterior(t)) {
                slot = sharedFrame(x, (long) start + (long) t * spec.hopLength());
            } else {
                slot = frames + edge++;
                analyzer.loadReflected(x, start, spec.windowSamples(), layout.supportStart(t));
                analyzer.melDecibels(melDb, slot * nMels);
                summarize(slot);
            }
            frameSlot[t] = slot;
            max = Math.max(max, frameMax[slot]);
        }
        return max;
    }

    /** Ring slot holding the interior frame centred at absolute sample {@code centre}. */
    private int sharedFrame(float[] x, long centre) {
        int slot = (int) ((centre / spec.hopLength()) % frames);
        if (sharedCentre[slot] != centre) {
            analyzer.loadSupport(x, (int) centre + analyzer.supportOffsetFromCentre());
            analyzer.melDecibels(melDb, slot * nMels);
            summarize(slot);
            dct.apply(melDb, slot * nMels, sharedDct, slot * nMfcc);
            sharedCentre[slot] = centre;
        }
        return slot;
    }

    private void summarize(int slot) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = slot * nMels; i < (slot + 1) * nMels; i++) {
            min = Math.min(min, melDb[i]);
            max = Math.max(max, melDb[i]);
        }
        frameMin[slot] = min;
        frameMax[slot] = max;
    }

    /** Clamps at {@code floor} dB and applies the DCT to every frame gathered for a window. */
    private float[] emit(double floor) {
        float[] out = new float[frames * nMfcc];
        for (int t = 0; t < frames; t++) {
            int slot = frameSlot[t];
            if (slot < frames && frameMin[slot] >= floor) {
                store(sharedDct, slot * nMfcc, out, t);
            } else {
                for (int m = 0; m < nMels; m++) {
                    clampedDb[m] = Math.max(melDb[slot * nMels + m], floor);
                }
                dct.apply(clampedDb, 0, clampedDct, 0);
                store(clampedDct, 0, out, t);
            }
        }
        return out;
    }

    private void store(double[] coefficients, int offset, float[] out, int frame) {
        for (int k = 0; k < nMfcc; k++) {
            out[frame * nMfcc + k] = (float) coefficients[offset + k];
        }
    }

    /** torch.nn.functional.pad(window, (nFft/2, nFft/2), "reflect"). */
    private float[] reflectPadded(float[] x, int start) {
        int pad = spec.nFft() / 2;
        int length = spec.windowSamples();
        float[] padded = new float[length + 2 * pad];
        System.arraycopy(x, start, padded, pad, length);
        for (int i = 1; i <= pad; i++) {
            padded[pad - i] = x[start + i];
            padded[pad + length - 1 + i] = x[start + length - 1 - i];
        }
        return padded;
    }
}
