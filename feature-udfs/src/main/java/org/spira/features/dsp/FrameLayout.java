package org.spira.features.dsp;

/**
 * Which STFT frames of a window are interior: their Hann support
 * {@code [t * hop + supportOffset, ... + supportLength)} (window-relative samples) lies inside
 * {@code [0, windowSamples)}, so reflect padding does not reach them. The others are edge
 * frames (for SPIRA: 0, 1, 399 and 400), which must be computed per window.
 */
final class FrameLayout {
    private final int hop;
    private final int supportOffset;
    private final boolean[] interior;
    private final int edgeFrames;

    FrameLayout(FeatureSpec spec, int supportOffset, int supportLength) {
        this.hop = spec.hopLength();
        this.supportOffset = supportOffset;
        this.interior = new boolean[spec.framesPerWindow()];
        int edges = 0;
        for (int t = 0; t < interior.length; t++) {
            long first = (long) t * hop + supportOffset;
            interior[t] = first >= 0 && first + supportLength <= spec.windowSamples();
            edges += interior[t] ? 0 : 1;
        }
        this.edgeFrames = edges;
    }

    boolean isInterior(int frame) {
        return interior[frame];
    }

    int edgeFrames() {
        return edgeFrames;
    }

    /** First windowed sample of frame {@code frame}, relative to the window start (may be negative). */
    int supportStart(int frame) {
        return frame * hop + supportOffset;
    }
}
