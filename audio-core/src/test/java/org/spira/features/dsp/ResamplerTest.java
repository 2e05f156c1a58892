package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spira.features.testing.ParityMetrics;

class ResamplerTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();

    @ParameterizedTest
    @ValueSource(ints = {8000, 22050, 44100, 48000})
    void matchesTorchaudioResample(int rate) {
        float[] input = DspFixtures.golden("resample_" + rate + "_in.f32");
        float[] expected = DspFixtures.golden("resample_" + rate + "_to_16000.f32");

        float[] actual = Resampler.toSpec(rate, SPEC).resample(input);

        assertEquals(expected.length, actual.length);
        double error = ParityMetrics.maxAbsDiff(actual, expected);
        assertTrue(error <= 1e-6, "max |ours - torchaudio| = " + error + " at " + rate + " Hz");
    }

    @ParameterizedTest
    @CsvSource({"8000, 12345, 24690", "22050, 12345, 8958", "44100, 12345, 4479", "48000, 12345, 4115", "44100, 1, 1"})
    void outputLengthIsCeilOfScaledLength(int rate, int length, int expected) {
        Resampler resampler = Resampler.toSpec(rate, SPEC);

        assertEquals(expected, resampler.outputLength(length));
        assertEquals(expected, resampler.resample(new float[length]).length);
    }

    @Test
    void kernelWidthFollowsTorchaudioFormula() {
        // 44100 -> 16000 reduces to 441 -> 160; width = ceil(6 * 441 / (160 * 0.99)) = 17.
        assertEquals(17, Resampler.toSpec(44100, SPEC).width());
        // 8000 -> 16000 reduces to 1 -> 2; width = ceil(6 / 0.99) = 7.
        assertEquals(7, Resampler.toSpec(8000, SPEC).width());
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 22050, 44100, 48000})
    void lowFrequencySineStaysTheSameSine(int rate) {
        int length = rate; // 1 s
        float[] input = DspFixtures.sine(440, rate, length, 0.5, 0.25);

        float[] output = Resampler.toSpec(rate, SPEC).resample(input);

        float[] expected = DspFixtures.sine(440, 16000, output.length, 0.5, 0.25);
        // Away from the ends, where the kernel sees the implicit zero padding.
        for (int n = 400; n < output.length - 400; n++) {
            assertEquals(expected[n], output[n], 2e-3, "sample " + n + " at " + rate + " Hz");
        }
    }

    @Test
    void equalRatesGiveACopy() {
        float[] input = DspFixtures.sine(100, 16000, 1000, 0.3, 0);

        float[] output = Resampler.toSpec(16000, SPEC).resample(input);

        assertArrayEquals(input, output);
        assertNotSame(input, output);
    }

    @Test
    void doesNotModifyItsInput() {
        float[] input = DspFixtures.sine(300, 44100, 5000, 0.8, 0);
        float[] before = input.clone();

        Resampler.toSpec(44100, SPEC).resample(input);

        assertArrayEquals(before, input);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(0, Resampler.toSpec(48000, SPEC).resample(new float[0]).length);
    }

    @Test
    void rejectsInvalidSettingsNamingThem() {
        IllegalArgumentException rate =
                assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000, 6, 0.99));
        assertTrue(rate.getMessage().contains("fromRate"), rate.getMessage());
        IllegalArgumentException rolloff =
                assertThrows(IllegalArgumentException.class, () -> new Resampler(8000, 16000, 6, 1.5));
        assertTrue(rolloff.getMessage().contains("rolloff"), rolloff.getMessage());
    }
}
