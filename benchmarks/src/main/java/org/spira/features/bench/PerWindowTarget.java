package org.spira.features.bench;

import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.MfccExtractor;

/**
 * This project's per-window reference path, end to end: the same prepare step as the fast
 * path, then {@link MfccExtractor#window} on every window start, which computes all 401
 * frames of each window afresh (as torchaudio does when called per window). The gap to
 * {@link FastPathTarget} is the gain from sharing frames between overlapping windows.
 */
final class PerWindowTarget implements BenchTarget {
    static final String NAME = "SPIRA Pipeline, per window";

    private final FeatureSpec spec;

    PerWindowTarget(FeatureSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public RunOutput run(Workload workload) {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        MfccExtractor extractor = new MfccExtractor(spec);
        RunOutput total = RunOutput.none();
        for (CorpusFile file : workload.items()) {
            PreparedRecording prepared = ProjectFeaturization.prepareOrNull(featurizer, file);
            if (prepared != null) {
                total = total.plus(RunOutput.of(windows(extractor, prepared.samples())));
            }
        }
        return total;
    }

    private float[][] windows(MfccExtractor extractor, float[] samples) {
        float[][] windows = new float[spec.windowCount(samples.length)][];
        for (int w = 0; w < windows.length; w++) {
            windows[w] = extractor.window(samples, w * spec.stepSamples());
        }
        return windows;
    }
}
