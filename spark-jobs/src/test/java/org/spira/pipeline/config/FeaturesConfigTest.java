package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spira.features.dsp.FeatureSpec;

class FeaturesConfigTest {
    private static FeatureSpec load(String... settings) {
        return PipelineConfig.load(Optional.empty(), List.of(settings)).features();
    }

    @Test
    void theDefaultsAreSpirasSpecWithItsFeatureVersion() {
        assertEquals(FeatureSpec.spira(), load());
        assertEquals("334331d5d3c1651c10e2ecd79228c2d82d6b25083f33bc7421b971a521732ef6", load().hash());
    }

    @Test
    void windowAndStepAreSecondsConvertedExactlyToSamples() {
        FeatureSpec threeSeconds = load("spira.features.window-seconds=3");
        assertEquals(FeatureSpec.spira().withWindow(48_000, 16_000), threeSeconds);
        assertEquals(301, threeSeconds.framesPerWindow());
        assertEquals(1_600, load("spira.features.step-seconds=0.1").stepSamples());
        FeatureSpec narrowband = load(
                "spira.features.sample-rate=8000", "spira.features.f-max=4000", "spira.features.window-seconds=2.5");
        assertEquals(List.of(20_000, 8_000), List.of(narrowband.windowSamples(), narrowband.stepSamples()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "spira.features.window-seconds=3.00001 | spira.features.window-seconds = 3.00001 is invalid",
                "spira.features.step-seconds=0 | spira.features.step-seconds = 0 is invalid",
                "spira.features.window-seconds=-4 | spira.features.window-seconds = -4 is invalid",
                "spira.features.sample-rate=0 | spira.features.sample-rate = 0 is invalid",
                "spira.features.n-fft=1201 | spira.features.n-fft = 1201 is invalid: it must be even",
                "spira.features.mels=40.5 | spira.features.mels = 40.5 is invalid: it must be an integer",
                "spira.features.coefficients=41 | spira.features.coefficients = 41 is invalid",
                "spira.features.f-max=9000 | spira.features.f-max = 9000 is invalid",
                "spira.features.top-db=0 | spira.features.top-db = 0 is invalid",
                "spira.features.noise-min-amplitude=0.5 | spira.features.noise-min-amplitude = 0.5 is invalid"
            })
    void badValuesFailNamingTheKeyAndTheRule(String setting, String start) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(setting));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void aWindowThatIsNoWholeNumberOfSamplesSaysHowManyItGives() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("spira.features.window-seconds=3.00001"));
        assertTrue(e.getMessage().contains("16000 Hz (it gives 48000.16 samples)"), e.getMessage());
    }

    @Test
    void unknownAndMistypedKeysFail() {
        ConfigException unknown =
                assertThrows(ConfigException.class, () -> load("spira.features.window-samples=48000"));
        assertTrue(unknown.getMessage().contains("spira.features.window-samples"), unknown.getMessage());
        ConfigException mistyped = assertThrows(ConfigException.class, () -> load("spira.features.top-db=loud"));
        assertTrue(mistyped.getMessage().contains("top-db"), mistyped.getMessage());
    }

    @Test
    void theParamsAreEveryKeyWithTheValueThatGivesTheSpecBack() {
        FeatureSpec threeSeconds = load("spira.features.window-seconds=3");
        Map<String, Object> params = FeaturesConfig.params(threeSeconds);

        assertEquals(3.0, params.get("spira.features.window-seconds"));
        assertEquals(1.0, params.get("spira.features.step-seconds"));
        assertEquals(1200, params.get("spira.features.n-fft"));
        Set<String> keys = ConfigFactory.parseFile(ConfigReferenceTest.APPLICATION_CONF.toFile())
                .getConfig("spira.features")
                .root()
                .keySet()
                .stream()
                .map(key -> "spira.features." + key)
                .collect(Collectors.toSet());
        assertEquals(keys, params.keySet());
        List<String> settings = params.entrySet().stream()
                .map(param -> param.getKey() + "=" + param.getValue())
                .toList();
        assertEquals(threeSeconds, load(settings.toArray(String[]::new)));
    }
}
