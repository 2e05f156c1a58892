package org.spira.features.dsp;

/**
 * {@link FrameBatch} for any spec: each frame goes through {@link FrameAnalyzer} (JTransforms)
 * and {@link DctMatrix} as soon as it is loaded, so {@link #transform} has nothing left to do.
 */
final class SerialFrameBatch implements FrameBatch {
    private static final int CAPACITY = 16;

    private final FrameAnalyzer analyzer;
    private final DctMatrix dct;
    private final int nMels;
    private final int nMfcc;
    /** Column-major results: column c at {@code [c * nMels]} and {@code [c * nMfcc]}. */
    private final double[] melDb;

    private final double[] coefficients;

    SerialFrameBatch(FeatureSpec spec) {
        this.analyzer = new FrameAnalyzer(spec);
        this.dct = new DctMatrix(spec.nMfcc(), spec.nMels());
        this.nMels = spec.nMels();
        this.nMfcc = spec.nMfcc();
        this.melDb = new double[CAPACITY * nMels];
        this.coefficients = new double[CAPACITY * nMfcc];
    }

    @Override
    public int capacity() {
        return CAPACITY;
    }

    @Override
    public void loadSupports(int count, float[] x, int start, int step) {
        for (int c = 0; c < count; c++) {
            analyzer.loadSupport(x, start + c * step);
            analyze(c);
        }
    }

    @Override
    public void loadReflected(int column, float[] x, int windowStart, int windowLength, int relativeStart) {
        analyzer.loadReflected(x, windowStart, windowLength, relativeStart);
        analyze(column);
    }

    @Override
    public void transform(int count) {
        // Every column was analysed when it was loaded.
    }

    @Override
    public void copyFrame(int column, double[] mel, int melOffset, double[] dctOut, int coefficientOffset) {
        System.arraycopy(melDb, column * nMels, mel, melOffset, nMels);
        System.arraycopy(coefficients, column * nMfcc, dctOut, coefficientOffset, nMfcc);
    }

    private void analyze(int column) {
        analyzer.melDecibels(melDb, column * nMels);
        dct.apply(melDb, column * nMels, coefficients, column * nMfcc);
    }
}
