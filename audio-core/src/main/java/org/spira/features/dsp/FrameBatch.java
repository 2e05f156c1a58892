package org.spira.features.dsp;

/**
 * Up to {@link #capacity()} STFT frames analysed together: each loaded frame becomes
 * {@code nMels} mel dB values (torchaudio's {@code AmplitudeToDB} before the top_db clamp, as
 * {@link FrameAnalyzer}) and the {@code nMfcc} DCT-II coefficients of those unclamped values.
 *
 * <p>Usage: load columns {@code 0 .. count-1}, {@link #transform(int)}, then read each column
 * with {@link #copyFrame}. Not thread-safe.
 */
interface FrameBatch {

    /** The fastest exact implementation for {@code spec}. */
    static FrameBatch forSpec(FeatureSpec spec) {
        return DecimatedFrameBatch.supports(spec) ? new DecimatedFrameBatch(spec) : new SerialFrameBatch(spec);
    }

    /** Frames per batch. */
    int capacity();

    /**
     * Loads columns {@code [0, count)} with windowed samples: column c with {@code x[start + c step,
     * start + c step + winLength)}.
     */
    void loadSupports(int count, float[] x, int start, int step);

    /**
     * Loads column {@code column} with a frame crossing an edge of the analysis window
     * {@code x[windowStart, windowStart + windowLength)}, reflect-padded as torch's centre padding.
     *
     * @param relativeStart first windowed sample, relative to {@code windowStart} (may be negative)
     */
    void loadReflected(int column, float[] x, int windowStart, int windowLength, int relativeStart);

    /** Analyses columns {@code [0, count)}, {@code count <= capacity()}. */
    void transform(int count);

    /**
     * Copies one analysed frame out.
     *
     * @param melDb receives {@code nMels} dB values from {@code melOffset}
     * @param coefficients receives {@code nMfcc} unclamped DCT coefficients from {@code coefficientOffset}
     */
    void copyFrame(int column, double[] melDb, int melOffset, double[] coefficients, int coefficientOffset);
}
