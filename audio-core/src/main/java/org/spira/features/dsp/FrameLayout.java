package org.spira.features.dsp;

import java.util.Arrays;

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
    private final int[] edgeIndex;
    private final int lastInterior;

    FrameLayout(FeatureSpec spec, int supportOffset, int supportLength) {
        this.hop = spec.hopLength();
        this.supportOffset = supportOffset;
        this.interior = new boolean[spec.framesPerWindow()];
        int[] edges = new int[interior.length];
        int edgeCount = 0;
        int last = -1;
        for (int t = 0; t < interior.length; t++) {
            long first = (long) t * hop + supportOffset;
            interior[t] = first >= 0 && first + supportLength <= spec.windowSamples();
            if (interior[t]) {
                last = t;
            } else {
                edges[edgeCount++] = t;
            }
        }
        this.edgeIndex = Arrays.copyOf(edges, edgeCount);
        this.lastInterior = last;
    }

    boolean isInterior(int frame) {
        return interior[frame];
    }

    int edgeFrames() {
        return edgeIndex.length;
    }

    /** Frame index of the {@code e}-th edge frame, in increasing order. */
    int edgeFrame(int e) {
        return edgeIndex[e];
    }

    /** Index of the last interior frame, -1 if every frame is an edge frame. */
    int lastInterior() {
        return lastInterior;
    }

    /** First windowed sample of frame {@code frame}, relative to the window start (may be negative). */
    int supportStart(int frame) {
        return frame * hop + supportOffset;
    }
}
