package org.spira.features.bench;

import org.spira.features.dsp.FeatureSpec;

/**
 * How many STFT frames (one real FFT of {@code nFft} points each) a recording costs.
 *
 * <p>Per window, as torchaudio and the reference path compute it: {@code framesPerWindow}
 * (401) frames for every window.
 *
 * <p>With frames shared between overlapping windows: frame t of a window reads the samples at
 * offsets [t hop - winLength/2, t hop + winLength/2). When that range lies inside the window
 * (t = 2 .. 398 for SPIRA), the frame does not depend on the window's reflect padding and
 * equals the frame at the same position of the recording, on the recording's hop grid
 * (windows start on that grid because the step is a multiple of the hop). Those interior
 * frames are computed once per recording; the others (t = 0, 1, 399, 400) see reflected
 * samples and are computed per window.
 */
final class FrameCount {
    private FrameCount() {}

    /** Frames when every window computes all of its frames: windows x framesPerWindow. */
    static long perWindow(FeatureSpec spec, int samples) {
        return (long) spec.windowCount(samples) * spec.framesPerWindow();
    }

    /** Distinct frames when interior frames are shared between overlapping windows. */
    static long shared(FeatureSpec spec, int samples) {
        int windows = spec.windowCount(samples);
        if (windows == 0 || spec.stepSamples() % spec.hopLength() != 0) {
            return perWindow(spec, samples);
        }
        int interior = interiorFramesPerWindow(spec);
        long edge = spec.framesPerWindow() - interior;
        long stepFrames = spec.stepSamples() / spec.hopLength();
        long sharedInterior = (windows - 1L) * Math.min(stepFrames, interior) + interior;
        return sharedInterior + windows * edge;
    }

    /** Frames of one window that read no padded sample: t hop - win/2 >= 0, t hop + win/2 <= window. */
    static int interiorFramesPerWindow(FeatureSpec spec) {
        int half = spec.winLength() / 2;
        int first = (half + spec.hopLength() - 1) / spec.hopLength();
        int last = (spec.windowSamples() - half) / spec.hopLength();
        return Math.max(0, last - first + 1);
    }
}
