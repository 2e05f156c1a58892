package org.spira.features.bench;

import java.util.Map;
import java.util.function.ToLongBiFunction;
import org.jtransforms.fft.DoubleFFT_1D;
import org.spira.features.dsp.FeatureSpec;

/**
 * A reference cost, not an implementation: only the JTransforms real FFTs of {@code nFft} points
 * that a featurizer performs for the workload, as many as {@link FrameCount} says, on
 * waveforms decoded before timing. Each transform is preceded by one {@code nFft}-sample copy
 * (an in-place FFT needs fresh input); decoding, resampling, windowing, the power spectrum,
 * the mel filterbank, the logarithm and the DCT are all left out. It bounds from below a
 * featurizer built on these FFTs (the per-window path); the shared-frame path computes its
 * spectra another way and can take less time than this row.
 */
final class FftBoundTarget implements BenchTarget {
    private final String name;
    private final FeatureSpec spec;
    private final Map<String, double[]> waveforms;
    private final ToLongBiFunction<FeatureSpec, Integer> frames;

    /**
     * @param waveforms the 16 kHz waveform of every workload path, decoded before timing
     * @param frames frames per recording, from the spec and the recording's length in samples
     */
    FftBoundTarget(
            String name,
            FeatureSpec spec,
            Map<String, double[]> waveforms,
            ToLongBiFunction<FeatureSpec, Integer> frames) {
        this.name = name;
        this.spec = spec;
        this.waveforms = Map.copyOf(waveforms);
        this.frames = frames;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public RunOutput run(Workload workload) {
        DoubleFFT_1D fft = new DoubleFFT_1D(spec.nFft());
        double[] buffer = new double[spec.nFft()];
        RunOutput total = RunOutput.none();
        for (CorpusFile file : workload.items()) {
            double[] wave = waveforms.get(file.path());
            long count = frames.applyAsLong(spec, wave.length);
            total = total.plus(new RunOutput(spec.windowCount(wave.length), transform(fft, buffer, wave, count)));
        }
        return total;
    }

    /** {@code count} FFTs over successive hops of {@code wave}, wrapping; returns a checksum. */
    private double transform(DoubleFFT_1D fft, double[] buffer, double[] wave, long count) {
        int positions = wave.length - buffer.length + 1;
        double sum = 0;
        for (long i = 0; i < count; i++) {
            int start = (int) ((i * spec.hopLength()) % positions);
            System.arraycopy(wave, start, buffer, 0, buffer.length);
            fft.realForward(buffer);
            sum += buffer[2];
        }
        return sum;
    }
}
