package org.spira.features.bench;

import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;

/**
 * This project on one thread, end to end: {@link RecordingFeaturizer#prepare} (decode,
 * down-mix, resample, validate) then {@link RecordingFeaturizer#clean} (windows and MFCC with
 * frames shared between overlapping windows).
 */
final class FastPathTarget implements BenchTarget {
    /** Row name of this project's fast path, on one thread or many. */
    static final String NAME = "SPIRA Pipeline, shared frames";

    private final FeatureSpec spec;

    FastPathTarget(FeatureSpec spec) {
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
        RunOutput total = RunOutput.none();
        for (CorpusFile file : workload.items()) {
            total = total.plus(ProjectFeaturization.fastPath(featurizer, file));
        }
        return total;
    }
}
