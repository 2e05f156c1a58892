package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureSpecTest {
    private static final FeatureSpec SPIRA = FeatureSpec.spira();

    @Test
    void spiraHashIsPinned() {
        // Changing these values changes the feature version of every stored feature row. The hash
        // is SHA-256 of exactly this JSON (checked once with Python's hashlib).
        assertEquals(
                "{\"sampleRate\":16000,\"windowSamples\":64000,\"stepSamples\":16000,\"nFft\":1200,"
                        + "\"winLength\":400,\"hopLength\":160,\"nMels\":40,\"nMfcc\":40,\"fMin\":0.0,"
                        + "\"fMax\":8000.0,\"topDb\":80.0,\"resampleLowpassWidth\":6,\"resampleRolloff\":0.99,"
                        + "\"noiseMinAmplitude\":0.033474047,\"noiseMaxAmplitude\":0.19233719,\"powerFloor\":1.0E-10,"
                        + "\"mfcc\":\"torchaudio-0.13:htk,no-norm,power2,center-reflect,periodic-hann,dct-ortho\"}",
                SPIRA.toJson());
        assertEquals("334331d5d3c1651c10e2ecd79228c2d82d6b25083f33bc7421b971a521732ef6", SPIRA.hash());
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
        assertEquals(301, SPIRA.withWindow(48_000, 16_000).framesPerWindow());
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains("FeatureSpec." + key + " "), e.getMessage());
    }
}
