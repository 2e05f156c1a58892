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
 * Frames are analysed in batches ({@link FrameBatch}): shared frames ahead of need along the
 * frame grid, edge frames for several windows at once. The top_db clamp is per window; a frame whose min dB is at
 * or above the window's floor is unaffected by it, so its cached DCT is reused; otherwise the DCT
 * is corrected by linearity, adding {@code (floor - x_m) D[m]} for each clamped band m. Results
 * equal {@link #window}, the direct per-window definition, to rounding.
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
    private final FrameBatch batch;

    // Frame store: slots [0, ring) are a ring of shared frames keyed by absolute centre (sample
    // index); slots from ring on hold the edge frames of the next edgeWindows windows, window by
    // window. The ring holds a window's frames plus one batch computed ahead, so a batch never
    // evicts a frame the current window still needs.
    private final int ring;
    /** Windows whose edge frames are analysed together: as many as fill one batch. */
    private final int edgeWindows;

    private final double[] melDb;
    private final double[] frameMin;
    private final double[] frameMax;
    private final double[] frameDct;
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
        this.batch = FrameBatch.forSpec(spec);
        this.ring = frames + batch.capacity();
        this.edgeWindows = Math.max(1, batch.capacity() / Math.max(1, layout.edgeFrames()));
        int slots = ring + edgeWindows * layout.edgeFrames();
        this.melDb = new double[slots * nMels];
        this.frameMin = new double[slots];
        this.frameMax = new double[slots];
        this.frameDct = new double[slots * nMfcc];
        this.sharedCentre = new long[ring];
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
            int last = first + (count - 1 - first) / groups * groups;
            long lastCentre = (long) last * spec.stepSamples() + (long) layout.lastInterior() * spec.hopLength();
            for (int w = first, ordinal = 0; w < count; w += groups, ordinal++) {
                if (ordinal % edgeWindows == 0) {
                    analyzeEdgeFrames(waveform, w, groups, (count - 1 - w) / groups + 1);
                }
                int start = Math.multiplyExact(w, spec.stepSamples());
                double max = gatherFrames(waveform, start, lastCentre, ordinal % edgeWindows);
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

    /**
     * Fills {@link #frameSlot} for the window at {@code start}; returns its max mel dB.
     *
     * @param lastCentre centre of the last shared frame any window of this phase group needs
     * @param edgeWindow which of the windows analysed by the last {@link #analyzeEdgeFrames} this is
     */
    private double gatherFrames(float[] x, int start, long lastCentre, int edgeWindow) {
        double max = Double.NEGATIVE_INFINITY;
        int edge = ring + edgeWindow * layout.edgeFrames();
        for (int t = 0; t < frames; t++) {
            int slot = layout.isInterior(t)
                    ? sharedFrame(x, (long) start + (long) t * spec.hopLength(), lastCentre)
                    : edge++;
            frameSlot[t] = slot;
            max = Math.max(max, frameMax[slot]);
        }
        return max;
    }

    /**
     * Analyses the edge frames of up to {@link #edgeWindows} windows, {@code first}, {@code first +
     * groups}, ..., into slots from {@link #ring}, window by window.
     *
     * @param remaining windows of this phase group from {@code first} on
     */
    private void analyzeEdgeFrames(float[] x, int first, int groups, int remaining) {
        int edges = layout.edgeFrames();
        int total = Math.min(edgeWindows, remaining) * edges;
        for (int from = 0; from < total; from += batch.capacity()) {
            int n = Math.min(batch.capacity(), total - from);
            for (int c = 0; c < n; c++) {
                int window = first + (from + c) / edges * groups;
                int t = layout.edgeFrame((from + c) % edges);
                batch.loadReflected(c, x, window * spec.stepSamples(), spec.windowSamples(), layout.supportStart(t));
            }
            batch.transform(n);
            for (int c = 0; c < n; c++) {
                keep(c, ring + from + c);
            }
        }
    }

    /** Ring slot holding the interior frame centred at absolute sample {@code centre}. */
    private int sharedFrame(float[] x, long centre, long lastCentre) {
        int slot = ringSlot(centre);
        if (sharedCentre[slot] != centre) {
            analyzeSharedFrames(x, centre, lastCentre);
        }
        return slot;
    }

    /** Analyses one batch of shared frames from {@code centre} on, stopping at {@code lastCentre}. */
    private void analyzeSharedFrames(float[] x, long centre, long lastCentre) {
        int hop = spec.hopLength();
        int n = (int) Math.min(batch.capacity(), (lastCentre - centre) / hop + 1);
        batch.loadSupports(n, x, (int) centre + analyzer.supportOffsetFromCentre(), hop);
        batch.transform(n);
        for (int c = 0; c < n; c++) {
            long frameCentre = centre + (long) c * hop;
            int slot = ringSlot(frameCentre);
            keep(c, slot);
            sharedCentre[slot] = frameCentre;
        }
    }

    private int ringSlot(long centre) {
        return (int) ((centre / spec.hopLength()) % ring);
    }

    /** Copies batch column {@code column} into frame slot {@code slot}. */
    private void keep(int column, int slot) {
        batch.copyFrame(column, melDb, slot * nMels, frameDct, slot * nMfcc);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = slot * nMels; i < (slot + 1) * nMels; i++) {
            min = Math.min(min, melDb[i]);
            max = Math.max(max, melDb[i]);
        }
        frameMin[slot] = min;
        frameMax[slot] = max;
    }

    /** Clamps at {@code floor} dB and emits the DCT of every frame gathered for a window. */
    private float[] emit(double floor) {
        float[] out = new float[frames * nMfcc];
        for (int t = 0; t < frames; t++) {
            int slot = frameSlot[t];
            if (frameMin[slot] >= floor) {
                store(frameDct, slot * nMfcc, out, t);
            } else {
                clampedCoefficients(slot, floor);
                store(clampedDct, 0, out, t);
            }
        }
        return out;
    }

    /** DCT of max(melDb, floor) into {@link #clampedDct}, from the cached unclamped DCT by linearity. */
    private void clampedCoefficients(int slot, double floor) {
        System.arraycopy(frameDct, slot * nMfcc, clampedDct, 0, nMfcc);
        for (int m = 0; m < nMels; m++) {
            double value = melDb[slot * nMels + m];
            if (value < floor) {
                dct.addScaledRow(m, floor - value, clampedDct);
            }
        }
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
