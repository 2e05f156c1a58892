package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureSpecTest {
    private static final FeatureSpec SPIRA = FeatureSpec.spira();
    /**
     * The feature version of SPIRA's spec as every earlier release computed it: the feature rows,
     * table properties and models written before carry it, so it must never change. It is the
     * SHA-256 of exactly the JSON below (checked with Python's hashlib and sha256sum).
     */
    private static final String SPIRA_FEATURE_VERSION =
            "334331d5d3c1651c10e2ecd79228c2d82d6b25083f33bc7421b971a521732ef6";

    private static final FeatureSpec THREE_SECONDS = SPIRA.withWindow(48_000, 16_000);

    @Test
    void spiraHashIsPinned() {
        // Changing these values changes the feature version of every stored feature row.
        assertEquals(
                "{\"sampleRate\":16000,\"windowSamples\":64000,\"stepSamples\":16000,\"nFft\":1200,"
                        + "\"winLength\":400,\"hopLength\":160,\"nMels\":40,\"nMfcc\":40,\"fMin\":0.0,"
                        + "\"fMax\":8000.0,\"topDb\":80.0,\"resampleLowpassWidth\":6,\"resampleRolloff\":0.99,"
                        + "\"noiseMinAmplitude\":0.033474047,\"noiseMaxAmplitude\":0.19233719,\"powerFloor\":1.0E-10,"
                        + "\"mfcc\":\"torchaudio-0.13:htk,no-norm,power2,center-reflect,periodic-hann,dct-ortho\"}",
                SPIRA.toJson());
        assertEquals(SPIRA_FEATURE_VERSION, SPIRA.hash());
    }

    @Test
    void theParametersAreTheRecordComponentsInDeclarationOrder() {
        assertEquals(
                List.of(
                        "sampleRate",
                        "windowSamples",
                        "stepSamples",
                        "nFft",
                        "winLength",
                        "hopLength",
                        "nMels",
                        "nMfcc",
                        "fMin",
                        "fMax",
                        "topDb",
                        "resampleLowpassWidth",
                        "resampleRolloff",
                        "noiseMinAmplitude",
                        "noiseMaxAmplitude"),
                List.copyOf(SPIRA.parameters().keySet()));
        assertEquals(64_000, SPIRA.parameters().get("windowSamples"));
        assertEquals(0.033474047, SPIRA.parameters().get("noiseMinAmplitude"));
        assertEquals(SPIRA, FeatureSpec.of(SPIRA.parameters()));
    }

    @Test
    void theJsonReadsBackToTheSameSpecAndHash() {
        for (FeatureSpec spec : List.of(SPIRA, THREE_SECONDS)) {
            FeatureSpec read = FeatureSpec.fromJson(spec.toJson());
            assertEquals(spec, read);
            assertEquals(spec.toJson(), read.toJson());
            assertEquals(spec.hash(), read.hash());
        }
        assertEquals(SPIRA_FEATURE_VERSION, FeatureSpec.fromJson(SPIRA.toJson()).hash());
        assertEquals(301, FeatureSpec.fromJson(THREE_SECONDS.toJson()).framesPerWindow());
        assertNotEquals(SPIRA.hash(), THREE_SECONDS.hash());
    }

    @Test
    void jsonLayoutIsFreeButNotTheValues() {
        String json = SPIRA.toJson();
        int mfcc = json.indexOf("\"mfcc\"");
        String spaced =
                "{ \n" + json.substring(1, mfcc).replace(",", " ,\n  ").replace(":", " : ") + json.substring(mfcc);
        assertEquals(SPIRA, FeatureSpec.fromJson(spaced));
        String reordered = SPIRA.toJson().replace("{\"sampleRate\":16000,", "{").replace("}", ",\"sampleRate\":16000}");
        assertEquals(SPIRA, FeatureSpec.fromJson(reordered));
        assertEquals(SPIRA, FeatureSpec.fromJson(SPIRA.toJson().replace("\"fMax\":8000.0", "\"fMax\":8000")));
    }

    @Test
    void aJsonWithAMissingFieldIsRefusedNamingIt() {
        InvalidFeatureSpecException e = assertThrows(
                InvalidFeatureSpecException.class,
                () -> FeatureSpec.fromJson(SPIRA.toJson().replace("\"nFft\":1200,", "")));
        assertEquals("nFft", e.parameter());
        assertTrue(e.getMessage().startsWith("FeatureSpec.nFft is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("sampleRate, windowSamples"), "lists the parameters: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"windowSeconds\":4", "\"comment\":\"3 s variant\""})
    void aJsonWithAnUnknownFieldIsRefusedNamingIt(String extra) {
        InvalidFeatureSpecException e = assertThrows(
                InvalidFeatureSpecException.class,
                () -> FeatureSpec.fromJson(SPIRA.toJson().replace("{", "{" + extra + ",")));
        String name = extra.substring(1, extra.indexOf('"', 1));
        assertEquals(name, e.parameter());
        assertTrue(e.getMessage().contains(name + " is not a parameter"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"nFft\":1200 | \"nFft\":\"1200\" | nFft",
                "\"nFft\":1200 | \"nFft\":1200.0 | nFft",
                "\"nFft\":1200 | \"nFft\":1.2e3 | nFft",
                "\"sampleRate\":16000 | \"sampleRate\":4294967296 | sampleRate",
                "\"topDb\":80.0 | \"topDb\":\"80 dB\" | topDb"
            })
    void aJsonWithAMistypedFieldIsRefusedNamingIt(String field, String mistyped, String name) {
        InvalidFeatureSpecException e = assertThrows(
                InvalidFeatureSpecException.class,
                () -> FeatureSpec.fromJson(SPIRA.toJson().replace(field, mistyped)));
        assertEquals(name, e.parameter());
        assertTrue(e.getMessage().startsWith("FeatureSpec." + name + " = "), e.getMessage());
        assertTrue(e.getMessage().contains("must be"), e.getMessage());
    }

    @Test
    void aJsonOfAnotherFrontEndIsRefused() {
        for (String other : List.of(
                SPIRA.toJson().replace("torchaudio-0.13", "librosa-0.10"),
                SPIRA.toJson().replace("1.0E-10", "1.0E-12"),
                SPIRA.toJson().replace(",\"powerFloor\":1.0E-10", ""))) {
            InvalidFeatureSpecException e =
                    assertThrows(InvalidFeatureSpecException.class, () -> FeatureSpec.fromJson(other));
            assertTrue(List.of("mfcc", "powerFloor").contains(e.parameter()), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "{\"sampleRate\":16000",
                "{\"sampleRate\":16000}{}",
                "{\"sampleRate\":{\"hz\":16000}}",
                "{\"sampleRate\":true}",
                "{\"sampleRate\":16000,\"sampleRate\":16000}"
            })
    void textThatIsNotAFlatJsonObjectIsRefusedSayingWhere(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson(text));
        assertTrue(e.getMessage().startsWith("not a flat JSON object of numbers and strings: "), e.getMessage());
        assertTrue(e.getMessage().contains(" at character "), e.getMessage());
    }

    @Test
    void ofRefusesUnknownMissingAndNonIntegerParameters() {
        Map<String, Number> parameters = SPIRA.parameters();
        parameters.put("nFft", 1200.0);
        assertEquals(
                "nFft",
                assertThrows(InvalidFeatureSpecException.class, () -> FeatureSpec.of(parameters))
                        .parameter());
        parameters.remove("nFft");
        assertEquals(
                "nFft",
                assertThrows(InvalidFeatureSpecException.class, () -> FeatureSpec.of(parameters))
                        .parameter());
        parameters.put("nFft", 1200L);
        assertEquals(SPIRA, FeatureSpec.of(parameters));
        parameters.put("nfft", 1200);
        assertEquals(
                "nfft",
                assertThrows(InvalidFeatureSpecException.class, () -> FeatureSpec.of(parameters))
                        .parameter());
    }

    @Test
    void hashChangesWithEveryParameter() {
        List<FeatureSpec> variants = List.of(
                SPIRA,
                new FeatureSpec(
                        22_050, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 48_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 8_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1024, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 320, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 100, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 64, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 13, 0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 20, 8000, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 7600, 80, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 60, 6, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 8, 0.99, 0.033474047, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.95, 0.033474047, 0.19233719),
                new FeatureSpec(16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.01, 0.19233719),
                new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.033474047, 0.5));
        Set<String> hashes = new HashSet<>();
        variants.forEach(spec -> hashes.add(spec.hash()));

        assertEquals(variants.size(), hashes.size(), "every parameter must be part of the hash");
        assertEquals(SPIRA.hash(), FeatureSpec.spira().hash());
    }

    @Test
    void negativeZeroMinimumFrequencyIsTheSameSpec() {
        FeatureSpec negativeZero = new FeatureSpec(
                16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, -0.0, 8000, 80, 6, 0.99, 0.033474047, 0.19233719);

        assertEquals(SPIRA, negativeZero);
        assertEquals(SPIRA.hash(), negativeZero.hash());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "63999, 0", "64000, 1", "79999, 1", "80000, 2", "480000, 27", "-5, 0"})
    void windowCountIsFloorOfRemainderOverStepPlusOne(long samples, int windows) {
        assertEquals(windows, SPIRA.windowCount(samples));
    }

    @Test
    void windowCountInSeconds() {
        assertEquals(1, SPIRA.windowCount(4 * 16_000)); // v1 gave 0 here
        assertEquals(0, SPIRA.windowCount(Math.round(3.99 * 16_000)));
        assertEquals(2, SPIRA.windowCount(5 * 16_000));
    }

    @Test
    void derivedSizes() {
        assertEquals(401, SPIRA.framesPerWindow());
        assertEquals(401 * 40, SPIRA.valuesPerWindow());
        assertEquals(601, SPIRA.frequencyBins());
        assertEquals(301, THREE_SECONDS.framesPerWindow());
        assertEquals(Map.of("windowSamples", 48_000), changed(SPIRA, THREE_SECONDS));
        assertEquals(
                Map.of("windowSamples", 32_000, "stepSamples", 8_000), changed(SPIRA, SPIRA.withWindow(32_000, 8_000)));
    }

    @Test
    void invalidValuesAreRejectedNamingTheKey() {
        assertRejected(
                "sampleRate",
                () -> new FeatureSpec(0, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.03, 0.19));
        assertRejected("stepSamples", () -> SPIRA.withWindow(64_000, 0));
        assertRejected(
                "nFft",
                () -> new FeatureSpec(
                        16_000, 64_000, 16_000, 1201, 401, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.03, 0.19));
        assertRejected(
                "winLength",
                () -> new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 1300, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.03, 0.19));
        assertRejected(
                "nMfcc",
                () -> new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 41, 0, 8000, 80, 6, 0.99, 0.03, 0.19));
        assertRejected(
                "fMax",
                () -> new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8001, 80, 6, 0.99, 0.03, 0.19));
        assertRejected(
                "topDb",
                () -> new FeatureSpec(
                        16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, Double.NaN, 6, 0.99, 0.03, 0.19));
        assertRejected(
                "resampleRolloff",
                () -> new FeatureSpec(16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0, 0.03, 0.19));
        assertRejected(
                "noiseMinAmplitude",
                () -> new FeatureSpec(16_000, 64_000, 16_000, 1200, 400, 160, 40, 40, 0, 8000, 80, 6, 0.99, 0.3, 0.19));
    }

    @Test
    void jsonIsLocaleIndependent() {
        assertTrue(SPIRA.toJson().contains("\"noiseMinAmplitude\":0.033474047"), SPIRA.toJson());
        assertNotEquals(-1, SPIRA.toJson().indexOf("\"fMax\":8000.0"));
    }

    private static void assertRejected(String key, Supplier<FeatureSpec> build) {
        InvalidFeatureSpecException e = assertThrows(InvalidFeatureSpecException.class, build::get);
        assertTrue(e.getMessage().contains("FeatureSpec." + key + " "), e.getMessage());
        assertEquals(key, e.parameter());
    }

    /** The parameters whose values differ from {@code a}'s in {@code b}, with {@code b}'s values. */
    private static Map<String, Number> changed(FeatureSpec a, FeatureSpec b) {
        Map<String, Number> changed = b.parameters();
        changed.entrySet().removeIf(e -> e.getValue().equals(a.parameters().get(e.getKey())));
        return changed;
    }
}
