package org.spira.features.bench;

import org.spira.features.dsp.FeatureSpec;

/**
 * TarsosDSP 2.4.1 (the GPL-3.0 {@code com.github.st-h} fork on Maven Central, a benchmark
 * baseline only) on one thread, end to end: javax.sound decoding ({@link JavaSoundPcm}), SPIRA's 4 s /
 * 1 s windows, and {@link TarsosWindowMfcc} on each window (401 frames of 400 samples, hop
 * 160, 40 mel filters up to 8000 Hz, 40 coefficients). Same windows and output shape as this
 * project, different numbers: see {@link TarsosWindowMfcc}.
 */
final class TarsosTarget implements BenchTarget {
    static final String NAME = "TarsosDSP 2.4.1 MFCC";

    private final FeatureSpec spec;

    TarsosTarget(FeatureSpec spec) {
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
    public RunOutput run(Workload workload) throws Exception {
        TarsosWindowMfcc mfcc = new TarsosWindowMfcc(spec);
        RunOutput total = RunOutput.none();
        for (CorpusFile file : workload.items()) {
            float[] samples = JavaSoundPcm.decodeMono(file, spec.sampleRate());
            float[][] windows = new float[spec.windowCount(samples.length)][];
            for (int w = 0; w < windows.length; w++) {
                windows[w] = mfcc.window(samples, w * spec.stepSamples());
            }
            total = total.plus(RunOutput.of(windows));
        }
        return total;
    }
}
