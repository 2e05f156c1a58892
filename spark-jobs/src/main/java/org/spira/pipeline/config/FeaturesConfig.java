package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.InvalidFeatureSpecException;
import org.spira.pipeline.config.Setting.Type;

/**
 * The feature spec ({@code spira.features}): the audio front end whose MFCC windows featurize
 * computes, as one feature version of the features table. Each key sets one {@link FeatureSpec}
 * parameter, and its default is SPIRA's ({@link FeatureSpec#spira()}); the window and the step are
 * given in seconds and converted exactly to samples at {@code sample-rate}. The values are checked
 * by FeatureSpec, and a value it rejects fails naming its key. Train and evaluate do not read this
 * block: they use the spec stored with the features they read or the model they load.
 */
public final class FeaturesConfig {
    /** A key, and the FeatureSpec parameter it sets; a key in seconds sets a length in samples. */
    private record Parameter(Setting<FeatureSpec, Number> setting, String name, boolean seconds) {
        static Parameter of(String key, String name, String help) {
            return new Parameter(declare(key, spec -> spec.parameters().get(name), help), name, false);
        }

        static Parameter inSeconds(String key, String name, String help) {
            Function<FeatureSpec, Number> seconds =
                    spec -> spec.parameters().get(name).doubleValue() / spec.sampleRate();
            return new Parameter(declare(key, seconds, help), name, true);
        }

        private static Setting<FeatureSpec, Number> declare(
                String key, Function<FeatureSpec, Number> resolved, String help) {
            return Setting.of(key, Type.NUMBER, resolved.apply(FeatureSpec.spira()), resolved)
                    .help(help);
        }
    }

    private static final Parameter SAMPLE_RATE = Parameter.of(
            "spira.features.sample-rate", "sampleRate", "Rate every recording is resampled to, Hz (SPIRA: 16000).");
    private static final List<Parameter> PARAMETERS = List.of(
            SAMPLE_RATE,
            Parameter.inSeconds(
                    "spira.features.window-seconds",
                    "windowSamples",
                    "Analysis window, seconds, a whole number of samples at sample-rate (SPIRA: 4; its 3 s variant"
                            + " gives 301 frames per window). A recording shorter than one window is rejected by"
                            + " featurize with reason too_short, for this feature version only."),
            Parameter.inSeconds(
                    "spira.features.step-seconds",
                    "stepSamples",
                    "Step between window starts, seconds, a whole number of samples at sample-rate (SPIRA: 1)."),
            Parameter.of(
                    "spira.features.n-fft",
                    "nFft",
                    "STFT FFT size, samples: even, and below the window (torchaudio: 1200)."),
            Parameter.of(
                    "spira.features.win-length",
                    "winLength",
                    "Length of the periodic Hann window centred inside n-fft, samples: at most n-fft, with n-fft -"
                            + " win-length even (torchaudio: 400)."),
            Parameter.of(
                    "spira.features.hop-length", "hopLength", "Hop between STFT frames, samples (torchaudio: 160)."),
            Parameter.of("spira.features.mels", "nMels", "HTK mel filters (SPIRA: 40)."),
            Parameter.of(
                    "spira.features.coefficients",
                    "nMfcc",
                    "DCT-II coefficients kept per frame, c0 included, at most mels (SPIRA: 40)."),
            Parameter.of(
                    "spira.features.f-min",
                    "fMin",
                    "Lowest mel filter edge, Hz: 0 <= f-min < f-max <= sample-rate / 2."),
            Parameter.of("spira.features.f-max", "fMax", "Highest mel filter edge, Hz, at most sample-rate / 2."),
            Parameter.of(
                    "spira.features.top-db",
                    "topDb",
                    "Dynamic range kept per window below its maximum, dB, > 0 (torchaudio's top_db: 80)."),
            Parameter.of(
                    "spira.features.resample-lowpass-width",
                    "resampleLowpassWidth",
                    "Zero crossings on each side of the band-limited (windowed-sinc) resampler's kernel"
                            + " (torchaudio: 6)."),
            Parameter.of(
                    "spira.features.resample-rolloff",
                    "resampleRolloff",
                    "The resampler's cutoff as a fraction of the lower Nyquist frequency, in (0, 1] (torchaudio:"
                            + " 0.99)."),
            Parameter.of(
                    "spira.features.noise-min-amplitude",
                    "noiseMinAmplitude",
                    "Lower bound of the peak amplitude drawn for each added noise segment, full scale = 1:"
                            + " 0 < noise-min-amplitude <= noise-max-amplitude (SPIRA.md section 4)."),
            Parameter.of(
                    "spira.features.noise-max-amplitude",
                    "noiseMaxAmplitude",
                    "Upper bound of the peak amplitude drawn for each added noise segment, at most 1."));

    static final Settings<FeatureSpec> SETTINGS = new Settings<>(
            "spira.features",
            "The feature spec: every parameter of the audio front end (SPIRA.md sections 1-4) whose MFCC windows"
                    + " featurize computes. Its canonical JSON and SHA-256 hash, the feature version, are stored"
                    + " with every feature row and every trained model. Changing any key here makes a new feature"
                    + " version, featurized next to the others in the same features table (pick the one to train on"
                    + " with spira.train.feature-version); train and evaluate use the spec stored with the features"
                    + " and the model, not this block. Defaults: SPIRA's published setting.",
            PARAMETERS.stream().<Setting<FeatureSpec, ?>>map(Parameter::setting).toList());

    private FeaturesConfig() {}

    /**
     * The spec the keys of {@code spira.features} in {@code c} describe.
     *
     * @throws ConfigException naming the key whose value is invalid, and what it must be
     */
    static FeatureSpec from(Config c) {
        int sampleRate = SAMPLE_RATE.setting().read(c).intValue();
        Map<String, Number> parameters = new LinkedHashMap<>();
        for (Parameter parameter : PARAMETERS) {
            Number value = parameter.setting().read(c);
            parameters.put(parameter.name(), parameter.seconds() ? samples(parameter, value, sampleRate) : value);
        }
        try {
            return FeatureSpec.of(parameters);
        } catch (InvalidFeatureSpecException e) {
            Parameter parameter = PARAMETERS.stream()
                    .filter(p -> p.name().equals(e.parameter()))
                    .findFirst()
                    .orElseThrow(() -> e);
            String key = parameter.setting().key();
            throw new ConfigException(
                    key + " = " + c.getValue(key).unwrapped() + " is invalid: it " + e.rule()
                            + (parameter.seconds() ? " (in samples: " + parameters.get(parameter.name()) + ")" : "")
                            + ". Fix it in --config or with --set " + key + "=...",
                    e);
        }
    }

    /**
     * Every key of {@code spira.features} with the value that gives {@code spec}, keyed by its
     * full name: the params of a run whose features were computed with it.
     */
    public static Map<String, Object> params(FeatureSpec spec) {
        return SETTINGS.params(spec);
    }

    /** {@code seconds} at {@code sampleRate} Hz, which must be a positive whole number of samples. */
    private static int samples(Parameter parameter, Number seconds, int sampleRate) {
        String key = parameter.setting().key();
        BigDecimal exact = new BigDecimal(seconds.toString()).multiply(BigDecimal.valueOf(sampleRate));
        if (seconds.doubleValue() <= 0 || exact.stripTrailingZeros().scale() > 0) {
            throw new ConfigException(key + " = " + seconds + " is invalid: it must be a positive number of seconds"
                    + " that is a whole number of samples at spira.features.sample-rate = " + sampleRate
                    + " Hz (it gives " + exact.stripTrailingZeros().toPlainString() + " samples)");
        }
        try {
            return exact.intValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(
                    key + " = " + seconds + " is invalid: it gives more samples than a window can have", e);
        }
    }
}
