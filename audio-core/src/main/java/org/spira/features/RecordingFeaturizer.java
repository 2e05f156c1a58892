package org.spira.features;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.MfccExtractor;
import org.spira.features.dsp.NoiseMixer;
import org.spira.features.dsp.NoisyWaveform;
import org.spira.features.dsp.Resampler;

/**
 * SPIRA's front end for one recording, from file bytes to MFCC windows: decode, down-mix,
 * resample to the spec's rate, validate, optionally add noise, cut windows, MFCC.
 *
 * <p>Not thread-safe (it reuses FFT buffers): use one instance per thread or per Spark task.
 */
public final class RecordingFeaturizer {
    /** Peak below one 16-bit quantisation step: nothing but digital silence. */
    static final double SILENCE_PEAK = 1.0 / 32768;

    private final FeatureSpec spec;
    private final AudioDecoder decoder;
    private final MfccExtractor extractor;
    private final Optional<NoiseMixer> noise;

    /** A featurizer for clean features only. */
    public RecordingFeaturizer(FeatureSpec spec) {
        this(spec, Optional.empty());
    }

    /** A featurizer that can also produce noisy variants from {@code noise}. */
    public RecordingFeaturizer(FeatureSpec spec, NoiseCorpus noise) {
        this(spec, Optional.of(noise.mixer(spec)));
    }

    private RecordingFeaturizer(FeatureSpec spec, Optional<NoiseMixer> noise) {
        this.spec = spec;
        this.decoder = new AudioDecoder();
        this.extractor = new MfccExtractor(spec);
        this.noise = noise;
    }

    public FeatureSpec spec() {
        return spec;
    }

    /**
     * Decodes and validates a recording.
     *
     * @throws RecordingRejectedException if it cannot be decoded, is digitally silent, or is
     *     shorter than one window
     */
    public PreparedRecording prepare(byte[] audio) throws RecordingRejectedException {
        DecodedAudio decoded = decoder.decode(audio);
        requireNotSilent(decoded.mono());
        // The decoder's array is ours: at the spec's rate it is used as is, not copied.
        float[] samples = decoded.sampleRate() == spec.sampleRate()
                ? decoded.mono()
                : Resampler.toSpec(decoded.sampleRate(), spec).resample(decoded.mono());
        requireOneWindow(samples.length);
        return new PreparedRecording(
                decoded.format(), decoded.sampleRate(), decoded.channels(), samples, spec.sampleRate());
    }

    /** Clean features (variant 0) of a prepared recording. */
    public FeaturizedVariant clean(PreparedRecording recording) {
        return new FeaturizedVariant(0, extractor.windows(recording.samples()), List.of());
    }

    /**
     * Features of noisy variant {@code variant} (>= 1): {@code noiseCount} noise segments drawn
     * as a pure function of (recordingId, variant, seed), then MFCC.
     *
     * @throws IllegalStateException if this featurizer was built without a noise corpus
     */
    public FeaturizedVariant noisy(
            PreparedRecording recording, String recordingId, int variant, long seed, int noiseCount) {
        NoiseMixer mixer = noise.orElseThrow(() -> new IllegalStateException(
                "noisy variants need a noise corpus: build the RecordingFeaturizer with a NoiseCorpus"));
        NoisyWaveform mixed = mixer.mix(recording.samples(), recordingId, variant, seed, noiseCount);
        return new FeaturizedVariant(variant, extractor.windows(mixed.samples()), mixed.draws());
    }

    private static void requireNotSilent(float[] mono) throws RecordingRejectedException {
        // Speech reaches the threshold within its first samples: stop at the first one that does.
        for (float sample : mono) {
            if (Math.abs(sample) >= SILENCE_PEAK) {
                return;
            }
        }
        double peak = 0;
        for (float sample : mono) {
            peak = Math.max(peak, Math.abs(sample));
        }
        throw new RecordingRejectedException(
                RejectReason.SILENT,
                String.format(
                        Locale.ROOT,
                        "the recording is digital silence (peak %.3g of full scale over %d samples);"
                                + " check the microphone or the export",
                        peak,
                        mono.length));
    }

    private void requireOneWindow(int samples) throws RecordingRejectedException {
        if (spec.windowCount(samples) == 0) {
            throw new RecordingRejectedException(
                    RejectReason.TOO_SHORT,
                    String.format(
                            Locale.ROOT,
                            "the recording lasts %.3f s, shorter than one %.3f s analysis window",
                            samples / (double) spec.sampleRate(),
                            spec.windowSamples() / (double) spec.sampleRate()));
        }
    }
}
