package org.spira.features.bench;

import java.util.List;
import java.util.Locale;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.MfccExtractor;

/**
 * Checks, before anything is timed, that the fast path computes what the per-window reference
 * path computes, so the benchmark cannot time wrong code. For every sampled recording, each
 * window of {@link RecordingFeaturizer#clean} must match {@link MfccExtractor#window} on the
 * same start: |fast - reference| <= 1e-6 x (largest |reference| value of that window), for
 * every value.
 */
final class FastPathCheck {
    /** Largest difference allowed, relative to the window's largest magnitude. */
    static final double TOLERANCE = 1e-6;

    private final FeatureSpec spec;

    FastPathCheck(FeatureSpec spec) {
        this.spec = spec;
    }

    /**
     * Result of the check.
     *
     * @param recordings recordings compared (those with at least one window)
     * @param windows windows compared
     * @param worstRelative largest |fast - reference| / max|reference| over all windows
     */
    record Outcome(int recordings, long windows, double worstRelative) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "fast path = per-window path on %d windows of %d recordings: worst |diff| / max|value| = %.2e"
                            + " (limit %.0e)",
                    windows,
                    recordings,
                    worstRelative,
                    TOLERANCE);
        }
    }

    /**
     * Compares both paths on {@code sample}.
     *
     * @throws IllegalStateException if a window differs beyond {@link #TOLERANCE} or the window
     *     counts differ
     */
    Outcome verify(List<CorpusFile> sample) {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        MfccExtractor extractor = new MfccExtractor(spec);
        int recordings = 0;
        long windows = 0;
        double worst = 0;
        for (CorpusFile file : sample) {
            PreparedRecording prepared = ProjectFeaturization.prepareOrNull(featurizer, file);
            if (prepared == null) {
                continue;
            }
            float[][] fast = featurizer.clean(prepared).windows();
            requireWindowCount(file, fast.length, spec.windowCount(prepared.samples().length));
            for (int w = 0; w < fast.length; w++) {
                float[] reference = extractor.window(prepared.samples(), w * spec.stepSamples());
                worst = Math.max(worst, requireClose(file, w, fast[w], reference));
            }
            recordings++;
            windows += fast.length;
        }
        return new Outcome(recordings, windows, worst);
    }

    private static void requireWindowCount(CorpusFile file, int fast, int expected) {
        if (fast != expected) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT, "%s: the fast path gave %d windows, the spec says %d", file.path(), fast, expected));
        }
    }

    private static double requireClose(CorpusFile file, int window, float[] fast, float[] reference) {
        if (fast.length != reference.length) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s window %d: the fast path gave %d values, the per-window path %d",
                    file.path(),
                    window,
                    fast.length,
                    reference.length));
        }
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < reference.length; i++) {
            scale = Math.max(scale, Math.abs(reference[i]));
            diff = Math.max(diff, Math.abs(fast[i] - reference[i]));
        }
        double relative = diff / Math.max(scale, Double.MIN_NORMAL);
        if (!(relative <= TOLERANCE)) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s window %d: the fast path differs from the per-window path by %.3g (relative %.3g > %.0e);"
                            + " the benchmark would time wrong code",
                    file.path(),
                    window,
                    diff,
                    relative,
                    TOLERANCE));
        }
        return relative;
    }
}
