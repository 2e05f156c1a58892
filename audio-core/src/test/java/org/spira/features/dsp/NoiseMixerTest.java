package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoiseMixerTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    private static final int SPEECH = 16_000;

    private final List<NoiseClip> clips = List.of(
            new NoiseClip("fan", DspFixtures.sine(120, 16000, 40_000, 0.7, 0.1)),
            new NoiseClip("monitor", DspFixtures.sine(2000, 16000, 25_000, 0.05, 0.0)),
            new NoiseClip("ward", DspFixtures.sine(333, 16000, 60_000, 1.0, 2.0)));
    private final Map<String, float[]> byId = index(clips);
    private final NoiseMixer mixer = new NoiseMixer(SPEC, clips);
    private final float[] speech = DspFixtures.sine(200, 16000, SPEECH, 0.3, 0);

    @Test
    void sameInputsGiveTheSameNoise() {
        assertEquals(mixer.mix(speech, "rec-1", 1, 42, 3), mixer.mix(speech, "rec-1", 1, 42, 3));
        assertEquals(
                new NoiseMixer(SPEC, clips).mix(speech, "rec-1", 2, 42, 3).draws(),
                mixer.mix(speech, "rec-1", 2, 42, 3).draws());
    }

    @Test
    void recordingVariantAndSeedEachChangeTheDraws() {
        List<NoiseDraw> base = mixer.mix(speech, "rec-1", 1, 42, 3).draws();

        assertNotEquals(base, mixer.mix(speech, "rec-2", 1, 42, 3).draws());
        assertNotEquals(base, mixer.mix(speech, "rec-1", 2, 42, 3).draws());
        assertNotEquals(base, mixer.mix(speech, "rec-1", 1, 43, 3).draws());
    }

    @Test
    void drawsDoNotDependOnCallOrder() {
        NoisyWaveform first = mixer.mix(speech, "a", 1, 7, 2);
        mixer.mix(speech, "b", 1, 7, 2);
        NoisyWaveform fresh = new NoiseMixer(SPEC, clips).mix(speech, "a", 1, 7, 2);

        assertEquals(first, fresh);
    }

    @Test
    void seedEncodingIsUnambiguous() {
        assertNotEquals(NoiseMixer.seedOf("ab", 1, 0), NoiseMixer.seedOf("a", 1, 0));
        assertNotEquals(NoiseMixer.seedOf("x", 1, 2), NoiseMixer.seedOf("x", 2, 1));
    }

    @Test
    void eachAddedSegmentIsTheClipSliceScaledToTheDrawnPeak() {
        for (int variant = 1; variant <= 20; variant++) {
            NoisyWaveform noisy = mixer.mix(speech, "rec-9", variant, 5, 1);
            NoiseDraw draw = noisy.draws().get(0);
            float[] clip = byId.get(draw.noiseId());

            assertTrue(draw.amplitude() >= SPEC.noiseMinAmplitude() && draw.amplitude() < SPEC.noiseMaxAmplitude());
            assertTrue(draw.offset() >= 0 && draw.offset() <= clip.length - SPEECH - 1, "offset " + draw.offset());
            double peak = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < SPEECH; i++) {
                peak = Math.max(peak, clip[draw.offset() + i]);
            }
            for (int i = 0; i < SPEECH; i++) {
                double added = noisy.samples()[i] - speech[i];
                assertEquals(clip[draw.offset() + i] * draw.amplitude() / peak, added, 1e-6, "sample " + i);
            }
        }
    }

    @Test
    void lineageReproducesSeveralInsertions() {
        NoisyWaveform noisy = mixer.mix(speech, "rec-3", 4, 11, 3);

        float[] rebuilt = speech.clone();
        for (NoiseDraw draw : noisy.draws()) {
            float[] clip = byId.get(draw.noiseId());
            double peak = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < SPEECH; i++) {
                peak = Math.max(peak, clip[draw.offset() + i]);
            }
            for (int i = 0; i < SPEECH; i++) {
                rebuilt[i] = (float) (rebuilt[i] + draw.amplitude() / peak * clip[draw.offset() + i]);
            }
        }
        assertEquals(3, noisy.draws().size());
        assertArrayEquals(rebuilt, noisy.samples(), 1e-6f);
    }

    @Test
    void clipNotLongerThanTheSpeechWrapsAround() {
        float[] ramp = new float[1000];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i / 1000f;
        }
        NoiseMixer shortClip = new NoiseMixer(SPEC, List.of(new NoiseClip("ramp", ramp)));
        float[] silence = new float[2500];

        NoisyWaveform noisy = shortClip.mix(silence, "rec", 1, 3, 1);

        NoiseDraw draw = noisy.draws().get(0);
        assertTrue(draw.offset() >= 0 && draw.offset() < 1000);
        double gain = draw.amplitude() / 0.999;
        for (int i = 0; i < silence.length; i++) {
            assertEquals(ramp[(draw.offset() + i) % 1000] * gain, noisy.samples()[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void segmentWithoutPositiveSamplesAddsNothing() {
        float[] negative = new float[30_000];
        java.util.Arrays.fill(negative, -0.2f);
        NoiseMixer mixer = new NoiseMixer(SPEC, List.of(new NoiseClip("neg", negative)));

        NoisyWaveform noisy = mixer.mix(speech, "rec", 1, 1, 2);

        assertArrayEquals(speech, noisy.samples());
        noisy.draws().forEach(draw -> assertEquals(0.0, draw.amplitude()));
    }

    @Test
    void inputsAreNotModified() {
        float[] speechBefore = speech.clone();
        float[] clipBefore = clips.get(0).samples().clone();

        NoisyWaveform noisy = mixer.mix(speech, "rec", 1, 1, 5);

        assertArrayEquals(speechBefore, speech);
        assertArrayEquals(clipBefore, clips.get(0).samples());
        assertTrue(noisy.samples() != speech);
    }

    @Test
    void zeroNoisesGiveACleanCopy() {
        NoisyWaveform clean = mixer.mix(speech, "rec", 1, 1, 0);

        assertArrayEquals(speech, clean.samples());
        assertEquals(List.of(), clean.draws());
    }

    @Test
    void rejectsInvalidArgumentsClearly() {
        assertThrows(IllegalArgumentException.class, () -> new NoiseMixer(SPEC, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NoiseMixer(SPEC, List.of(clips.get(0), clips.get(0))));
        assertThrows(IllegalArgumentException.class, () -> new NoiseClip("empty", new float[0]));
        IllegalArgumentException variant =
                assertThrows(IllegalArgumentException.class, () -> mixer.mix(speech, "rec", 0, 1, 1));
        assertTrue(variant.getMessage().contains("variant"), variant.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mixer.mix(speech, "rec", 1, 1, -1));
    }

    private static Map<String, float[]> index(List<NoiseClip> clips) {
        Map<String, float[]> byId = new HashMap<>();
        clips.forEach(clip -> byId.put(clip.id(), clip.samples()));
        return byId;
    }
}
