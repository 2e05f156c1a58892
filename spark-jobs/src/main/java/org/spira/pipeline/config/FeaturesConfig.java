package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.InvalidFeatureSpecException;

/**
 * The feature spec ({@code spira.features}): the audio front end whose MFCC windows featurize
 * computes, as one feature version of the features table. Each key sets one {@link FeatureSpec}
 * parameter; the window and the step are given in seconds and converted exactly to samples at
 * {@code sample-rate}. A value the spec rejects fails naming its key. Train and evaluate do not
 * read this block: they use the spec stored with the features they read or the model they load.
 */
public final class FeaturesConfig {
    private static final String PREFIX = "spira.features.";

    /** A key of the block and the FeatureSpec parameter it sets; seconds keys set a length in samples. */
    private record Key(String name, String parameter, boolean seconds) {
        static Key of(String name, String parameter) {
            return new Key(name, parameter, false);
        }

        static Key inSeconds(String name, String parameter) {
            return new Key(name, parameter, true);
        }
    }

    private static final List<Key> KEYS = List.of(
            Key.of("sample-rate", "sampleRate"),
            Key.inSeconds("window-seconds", "windowSamples"),
            Key.inSeconds("step-seconds", "stepSamples"),
            Key.of("n-fft", "nFft"),
            Key.of("win-length", "winLength"),
            Key.of("hop-length", "hopLength"),
            Key.of("mels", "nMels"),
            Key.of("coefficients", "nMfcc"),
            Key.of("f-min", "fMin"),
            Key.of("f-max", "fMax"),
            Key.of("top-db", "topDb"),
            Key.of("resample-lowpass-width", "resampleLowpassWidth"),
            Key.of("resample-rolloff", "resampleRolloff"),
            Key.of("noise-min-amplitude", "noiseMinAmplitude"),
            Key.of("noise-max-amplitude", "noiseMaxAmplitude"));

    private FeaturesConfig() {}

    /**
     * The spec the keys of {@code spira.features} ({@code c}) describe.
     *
     * @throws ConfigException naming the key whose value is invalid, and what it must be
     */
    static FeatureSpec from(Config c) {
        int sampleRate = c.getInt("sample-rate");
        Map<String, Number> parameters = new LinkedHashMap<>();
        for (Key key : KEYS) {
            Number value = c.getNumber(key.name());
            parameters.put(key.parameter(), key.seconds() ? samples(key, value, sampleRate) : value);
        }
        try {
            return FeatureSpec.of(parameters);
        } catch (InvalidFeatureSpecException e) {
            Key key = KEYS.stream()
                    .filter(k -> k.parameter().equals(e.parameter()))
                    .findFirst()
                    .orElseThrow(() -> e);
            throw new ConfigException(
                    PREFIX + key.name() + " = " + c.getValue(key.name()).unwrapped() + " is invalid: it "
                            + e.rule() + (key.seconds() ? " (in samples: " + parameters.get(key.parameter()) + ")" : "")
                            + ". Fix it in --config or with --set " + PREFIX + key.name() + "=...",
                    e);
        }
    }

    /**
     * Every key of {@code spira.features} with the value that gives {@code spec}, keyed by its
     * full name: the params of a run whose features were computed with it.
     */
    public static Map<String, Object> params(FeatureSpec spec) {
        Map<String, Number> parameters = spec.parameters();
        Map<String, Object> params = new LinkedHashMap<>();
        for (Key key : KEYS) {
            Number value = parameters.get(key.parameter());
            params.put(PREFIX + key.name(), key.seconds() ? value.doubleValue() / spec.sampleRate() : value);
        }
        return params;
    }

    /** {@code seconds} at {@code sampleRate} Hz, which must be a positive whole number of samples. */
    private static int samples(Key key, Number seconds, int sampleRate) {
        BigDecimal exact = new BigDecimal(seconds.toString()).multiply(BigDecimal.valueOf(sampleRate));
        if (seconds.doubleValue() <= 0 || exact.stripTrailingZeros().scale() > 0) {
            throw new ConfigException(PREFIX + key.name() + " = " + seconds + " is invalid: it must be a positive"
                    + " number of seconds that is a whole number of samples at spira.features.sample-rate = "
                    + sampleRate + " Hz (it gives " + exact.stripTrailingZeros().toPlainString() + " samples)");
        }
        try {
            return exact.intValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(
                    PREFIX + key.name() + " = " + seconds + " is invalid: it gives more samples than a window can have",
                    e);
        }
    }
}
