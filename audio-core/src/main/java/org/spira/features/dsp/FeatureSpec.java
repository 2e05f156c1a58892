package org.spira.features.dsp;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every parameter of SPIRA's audio front end (SPIRA.md sections 1-4). Two recordings
 * featurized with equal specs give comparable features; {@link #hash()} is the feature
 * version stored with every feature row.
 *
 * <p>Units: rates in Hz, lengths in samples at {@code sampleRate} unless named otherwise,
 * decibels for {@code topDb}, linear full-scale amplitude (1.0 = full scale) for noise.
 *
 * <p>The record components are the one declaration of the parameters: {@link #parameters()},
 * {@link #of}, the canonical JSON ({@link #toJson()} and {@link #fromJson}) and therefore the
 * hash all follow them, in declaration order. A new parameter is a new component and nothing
 * else (it changes every hash, so every feature version).
 *
 * @param sampleRate rate every recording is resampled to, Hz (SPIRA: 16000)
 * @param windowSamples analysis window length, samples (SPIRA: 4 s = 64000)
 * @param stepSamples step between window starts, samples (SPIRA: 1 s = 16000)
 * @param nFft FFT size of the STFT (SPIRA: 1200)
 * @param winLength length of the periodic Hann window, centred inside {@code nFft} (400)
 * @param hopLength STFT hop, samples (160)
 * @param nMels number of HTK mel filters (40)
 * @param nMfcc number of DCT-II coefficients kept, c0 included (40)
 * @param fMin lowest mel filter edge, Hz (0)
 * @param fMax highest mel filter edge, Hz (8000 = Nyquist)
 * @param topDb dynamic range kept per window below its maximum, dB (80)
 * @param resampleLowpassWidth zero crossings of the sinc kernel on each side (torchaudio: 6)
 * @param resampleRolloff lowpass cutoff as a fraction of the lower Nyquist (torchaudio: 0.99)
 * @param noiseMinAmplitude lower bound of the drawn noise peak amplitude (0.033474047)
 * @param noiseMaxAmplitude upper bound of the drawn noise peak amplitude (0.19233719)
 */
public record FeatureSpec(
        int sampleRate,
        int windowSamples,
        int stepSamples,
        int nFft,
        int winLength,
        int hopLength,
        int nMels,
        int nMfcc,
        double fMin,
        double fMax,
        double topDb,
        int resampleLowpassWidth,
        double resampleRolloff,
        double noiseMinAmplitude,
        double noiseMaxAmplitude)
        implements java.io.Serializable {

    /** Power floor before the logarithm, as torchaudio's AmplitudeToDB (amin). */
    public static final double POWER_FLOOR = 1e-10;

    /**
     * The MFCC semantics this front end computes. It and {@link #POWER_FLOOR} are fixed by the
     * implementation, not parameters; the JSON carries both, so features of another front end
     * never share a feature version with these, and {@link #fromJson} refuses a spec of another.
     */
    static final String MFCC_SEMANTICS = "torchaudio-0.13:htk,no-norm,power2,center-reflect,periodic-hann,dct-ortho";

    private static final String POWER_FLOOR_FIELD = "powerFloor";
    private static final String MFCC_FIELD = "mfcc";
    private static final RecordComponent[] PARAMETERS = FeatureSpec.class.getRecordComponents();

    public FeatureSpec {
        requirePositive("sampleRate", sampleRate);
        requirePositive("windowSamples", windowSamples);
        requirePositive("stepSamples", stepSamples);
        requirePositive("nFft", nFft);
        requirePositive("winLength", winLength);
        requirePositive("hopLength", hopLength);
        requirePositive("nMels", nMels);
        requirePositive("nMfcc", nMfcc);
        requirePositive("resampleLowpassWidth", resampleLowpassWidth);
        if (nFft % 2 != 0) {
            // torch pads nFft/2 (rounded down) per side, so an odd nFft yields floor((W-1)/hop)+1
            // frames, not framesPerWindow(); no SPIRA setting needs one.
            throw invalid("nFft", nFft, "must be even");
        }
        if (winLength > nFft) {
            throw invalid("winLength", winLength, "must not exceed nFft (" + nFft + ")");
        }
        if ((nFft - winLength) % 2 != 0) {
            throw invalid("winLength", winLength, "nFft - winLength must be even so the window centres exactly");
        }
        if (nFft / 2 >= windowSamples) {
            throw invalid("nFft", nFft, "reflect padding of nFft/2 needs a window longer than nFft/2 samples");
        }
        if (nMfcc > nMels) {
            throw invalid("nMfcc", nMfcc, "cannot exceed nMels (" + nMels + ")");
        }
        if (!(fMin >= 0 && fMin < fMax)) {
            throw invalid("fMin", fMin, "needs 0 <= fMin < fMax (" + fMax + ")");
        }
        // -0.0 passes the check above but would give a different hash and equals() than 0.0.
        fMin = fMin + 0.0;
        if (!(fMax <= sampleRate / 2.0)) {
            throw invalid("fMax", fMax, "cannot exceed the Nyquist frequency " + sampleRate / 2.0 + " Hz");
        }
        if (!(topDb > 0) || Double.isInfinite(topDb)) {
            throw invalid("topDb", topDb, "must be a positive finite number of dB");
        }
        if (!(resampleRolloff > 0 && resampleRolloff <= 1)) {
            throw invalid("resampleRolloff", resampleRolloff, "must be in (0, 1]");
        }
        if (!(noiseMinAmplitude > 0 && noiseMinAmplitude <= noiseMaxAmplitude && noiseMaxAmplitude <= 1)) {
            throw invalid(
                    "noiseMinAmplitude",
                    noiseMinAmplitude,
                    "needs 0 < noiseMinAmplitude <= noiseMaxAmplitude (" + noiseMaxAmplitude + ") <= 1");
        }
    }

    /** SPIRA's published setting: 16 kHz, 4 s windows with a 1 s step, 40 MFCC. */
    public static FeatureSpec spira() {
        return new FeatureSpec(
                16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0.0, 8000.0, 80.0, 6, 0.99, 0.033474047, 0.19233719);
    }

    /** The same spec with another window and step, both in samples (e.g. the 3 s variant). */
    public FeatureSpec withWindow(int newWindowSamples, int newStepSamples) {
        Map<String, Number> changed = parameters();
        changed.put("windowSamples", newWindowSamples);
        changed.put("stepSamples", newStepSamples);
        return of(changed);
    }

    /**
     * The spec with {@code parameters}, keyed by component name ({@link #parameters()} gives
     * them back): each exactly once, an {@code Integer} or a {@code Long} within int range for
     * the integer parameters, any number for the others.
     *
     * @throws InvalidFeatureSpecException naming the parameter that is unknown, missing, not an
     *     integer where one is needed, or invalid
     */
    public static FeatureSpec of(Map<String, ? extends Number> parameters) {
        TreeSet<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeIf(FeatureSpec::isParameter);
        if (!unknown.isEmpty()) {
            throw notAParameter(unknown.first());
        }
        Object[] arguments = new Object[PARAMETERS.length];
        for (int i = 0; i < PARAMETERS.length; i++) {
            String name = PARAMETERS[i].getName();
            Number value = parameters.get(name);
            if (value == null) {
                throw InvalidFeatureSpecException.absent(
                        name, "is missing; a spec gives every parameter: " + parameterNames());
            }
            // Boxed apart: a conditional expression would promote the int to a double.
            if (PARAMETERS[i].getType() == int.class) {
                arguments[i] = integer(name, value);
            } else {
                arguments[i] = value.doubleValue();
            }
        }
        return construct(arguments);
    }

    /**
     * Reads a spec back from its canonical JSON ({@link #toJson()}, as tables and models store
     * it): one object with every parameter, and the front end's {@code powerFloor} and {@code
     * mfcc}, which must be this implementation's.
     *
     * @throws IllegalArgumentException when the text is not a flat JSON object of numbers and
     *     strings; an {@link InvalidFeatureSpecException} when a field is unknown, missing, of
     *     the wrong type or invalid, or the spec is another front end's
     */
    public static FeatureSpec fromJson(String json) {
        Map<String, Object> fields = FlatJson.parse(json);
        requireFrontEnd(POWER_FLOOR_FIELD, fields.remove(POWER_FLOOR_FIELD), POWER_FLOOR);
        requireFrontEnd(MFCC_FIELD, fields.remove(MFCC_FIELD), MFCC_SEMANTICS);
        Map<String, Number> parameters = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!isParameter(name)) {
                throw notAParameter(name);
            }
            if (!(value instanceof Number number)) {
                throw invalid(name, '"' + value.toString() + '"', "must be a number");
            }
            parameters.put(name, number);
        });
        return of(parameters);
    }

    /** Every parameter by component name, in declaration order, as a new mutable map. */
    public Map<String, Number> parameters() {
        Map<String, Number> values = new LinkedHashMap<>();
        for (RecordComponent parameter : PARAMETERS) {
            try {
                values.put(parameter.getName(), (Number) parameter.getAccessor().invoke(this));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("a record's accessors are public and do not throw", e);
            }
        }
        return values;
    }

    /** STFT frames per window with centre padding: floor(window / hop) + 1 (401 for SPIRA). */
    public int framesPerWindow() {
        return windowSamples / hopLength + 1;
    }

    /** Floats per window: frames x coefficients, row-major. */
    public int valuesPerWindow() {
        return framesPerWindow() * nMfcc;
    }

    /** Onesided spectrum bins: nFft / 2 + 1 (601 for SPIRA). */
    public int frequencyBins() {
        return nFft / 2 + 1;
    }

    /**
     * Whole windows in a recording of {@code samples} samples at {@link #sampleRate}:
     * floor((N - window) / step) + 1 for N >= window, else 0. SPIRA v1 produced one fewer
     * window when (N - window) was a multiple of the step (a 4.000 s file gave none).
     */
    public int windowCount(long samples) {
        return samples < windowSamples ? 0 : (int) ((samples - windowSamples) / stepSamples + 1);
    }

    /**
     * Canonical JSON: every parameter in declaration order ({@code Integer.toString}, {@code
     * Double.toString}: locale-independent), then {@code powerFloor} and {@code mfcc}.
     */
    public String toJson() {
        StringBuilder json = new StringBuilder("{");
        parameters().forEach((name, value) -> json.append('"')
                .append(name)
                .append("\":")
                .append(value)
                .append(','));
        return json.append('"')
                .append(POWER_FLOOR_FIELD)
                .append("\":")
                .append(POWER_FLOOR)
                .append(",\"")
                .append(MFCC_FIELD)
                .append("\":\"")
                .append(MFCC_SEMANTICS)
                .append("\"}")
                .toString();
    }

    /** SHA-256 (hex) of {@link #toJson()}: the feature version. */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(toJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static int integer(String name, Number value) {
        boolean integral = value instanceof Integer || value instanceof Long;
        if (!integral || value.longValue() != value.intValue()) {
            throw InvalidFeatureSpecException.invalid(
                    name, value, "must be an integer (at most " + Integer.MAX_VALUE + ")");
        }
        return value.intValue();
    }

    private static FeatureSpec construct(Object[] arguments) {
        try {
            Constructor<FeatureSpec> canonical = FeatureSpec.class.getDeclaredConstructor(
                    Arrays.stream(PARAMETERS).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InvalidFeatureSpecException invalid) {
                throw invalid;
            }
            throw new IllegalStateException("the FeatureSpec constructor failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record has a public canonical constructor", e);
        }
    }

    /** The JSON's {@code field} must hold this front end's {@code expected} value. */
    private static void requireFrontEnd(String field, Object value, Object expected) {
        if (value == null) {
            throw InvalidFeatureSpecException.absent(
                    field, "is missing; the spec JSON names the front end that computed the features");
        }
        Object actual = value instanceof Number number ? (Object) number.doubleValue() : value;
        if (!expected.equals(actual)) {
            throw InvalidFeatureSpecException.absent(
                    field,
                    "= " + value + " names another front end than this one (" + expected
                            + "): features of that spec were not computed by this implementation");
        }
    }

    private static boolean isParameter(String name) {
        return Arrays.stream(PARAMETERS)
                .anyMatch(parameter -> parameter.getName().equals(name));
    }

    private static InvalidFeatureSpecException notAParameter(String name) {
        return InvalidFeatureSpecException.absent(name, "is not a parameter; the parameters are " + parameterNames());
    }

    private static String parameterNames() {
        return Arrays.stream(PARAMETERS).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw invalid(name, value, "must be a positive integer");
        }
    }

    private static InvalidFeatureSpecException invalid(String name, Object value, String rule) {
        return InvalidFeatureSpecException.invalid(name, value, rule);
    }
}
