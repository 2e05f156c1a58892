package org.spira.features.dsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every parameter of SPIRA's audio front end (SPIRA.md sections 1-4). Two recordings
 * featurized with equal specs give comparable features; {@link #hash()} is the feature
 * version stored with every feature row.
 *
 * <p>Units: rates in Hz, lengths in samples at {@code sampleRate} unless named otherwise,
 * decibels for {@code topDb}, linear full-scale amplitude (1.0 = full scale) for noise.
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
        return new FeatureSpec(
                sampleRate,
                newWindowSamples,
                newStepSamples,
                nFft,
                winLength,
                hopLength,
                nMels,
                nMfcc,
                fMin,
                fMax,
                topDb,
                resampleLowpassWidth,
                resampleRolloff,
                noiseMinAmplitude,
                noiseMaxAmplitude);
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

    /** Canonical JSON of every parameter, in declaration order; locale-independent. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{");
        parameters().forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(key)
                .append("\":")
                .append(value));
        return json.append('}').toString();
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

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sampleRate", Integer.toString(sampleRate));
        p.put("windowSamples", Integer.toString(windowSamples));
        p.put("stepSamples", Integer.toString(stepSamples));
        p.put("nFft", Integer.toString(nFft));
        p.put("winLength", Integer.toString(winLength));
        p.put("hopLength", Integer.toString(hopLength));
        p.put("nMels", Integer.toString(nMels));
        p.put("nMfcc", Integer.toString(nMfcc));
        p.put("fMin", Double.toString(fMin));
        p.put("fMax", Double.toString(fMax));
        p.put("topDb", Double.toString(topDb));
        p.put("resampleLowpassWidth", Integer.toString(resampleLowpassWidth));
        p.put("resampleRolloff", Double.toString(resampleRolloff));
        p.put("noiseMinAmplitude", Double.toString(noiseMinAmplitude));
        p.put("noiseMaxAmplitude", Double.toString(noiseMaxAmplitude));
        p.put("powerFloor", Double.toString(POWER_FLOOR));
        p.put("mfcc", "\"torchaudio-0.13:htk,no-norm,power2,center-reflect,periodic-hann,dct-ortho\"");
        return p;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw invalid(name, value, "must be a positive integer");
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT, "FeatureSpec.%s = %s is invalid: %s. Fix the %s setting.", name, value, rule, name));
    }
}
