package org.spira.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.NoiseDraw;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.WavFixture;

class RecordingFeaturizerTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    /** 29.95 s, 16 kHz: 26 windows. */
    private static final String LONG = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-normal.wav";

    private static NoiseCorpus noise;

    @BeforeAll
    static void loadNoise() {
        noise = NoiseCorpus.fromDirectory(SharedData.root().resolve("noise"), SPEC);
    }

    @Test
    void preparesARealRecordingAndCountsItsWindows() throws Exception {
        Path file = SharedData.root().resolve(LONG);
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        PreparedRecording recording = featurizer.prepare(SharedData.bytes(file));
        assertEquals("wav_pcm16", recording.format());
        assertEquals(16_000, recording.sourceSampleRate());
        assertEquals(1, recording.sourceChannels());
        float[][] windows = featurizer.clean(recording).windows();
        assertEquals((recording.samples().length - 64_000) / 16_000 + 1, windows.length);
        assertEquals(401 * 40, windows[0].length);
    }

    @Test
    void aRecordingOfExactlyOneWindowGivesOneWindow() throws Exception {
        // SPIRA v1 gave none for exactly 4.000 s; we give one (SPIRA.md section 2).
        byte[] wav = WavFixture.pcm16(tone(64_000, 16_000), 16_000);
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        assertEquals(1, featurizer.clean(featurizer.prepare(wav)).windows().length);
    }

    @Test
    void rejectsARecordingShorterThanOneWindowAfterResampling() {
        // 3.999 s at 8 kHz resamples to 63984 samples: one window needs 64000.
        byte[] wav = WavFixture.pcm16(tone(31_992, 8_000), 8_000);
        RecordingRejectedException e =
                assertThrows(RecordingRejectedException.class, () -> new RecordingFeaturizer(SPEC).prepare(wav));
        assertEquals(RejectReason.TOO_SHORT, e.reason());
        assertTrue(e.getMessage().contains("3.999 s"), e.getMessage());
        assertTrue(e.getMessage().contains("4.000 s"), e.getMessage());
    }

    @Test
    void rejectsDigitalSilenceButNotQuietSpeech() throws Exception {
        byte[] silence = WavFixture.pcm16(new double[80_000], 16_000);
        RecordingRejectedException e =
                assertThrows(RecordingRejectedException.class, () -> new RecordingFeaturizer(SPEC).prepare(silence));
        assertEquals(RejectReason.SILENT, e.reason());

        double[] oneStep = new double[80_000];
        oneStep[40_000] = 1.0 / 32768;
        byte[] quiet = WavFixture.pcm16(oneStep, 16_000);
        assertEquals(80_000, new RecordingFeaturizer(SPEC).prepare(quiet).samples().length);
    }

    @Test
    void decodeErrorsKeepTheirReason() {
        RecordingRejectedException e =
                assertThrows(RecordingRejectedException.class, () -> new RecordingFeaturizer(SPEC)
                        .prepare("not audio at all".getBytes()));
        assertEquals(RejectReason.NOT_AUDIO, e.reason());
    }

    @Test
    void noisyVariantsAreReproducibleAndRecordTheirLineage() throws Exception {
        byte[] bytes = SharedData.bytes(SharedData.root().resolve(LONG));
        String id = RecordingId.of(bytes);
        RecordingFeaturizer first = new RecordingFeaturizer(SPEC, noise);
        RecordingFeaturizer second = new RecordingFeaturizer(SPEC, noise);
        PreparedRecording recording = first.prepare(bytes);
        FeaturizedVariant a = first.noisy(recording, id, 2, 42, 3);
        FeaturizedVariant b = second.noisy(second.prepare(bytes), id, 2, 42, 3);
        assertEquals(a.noise(), b.noise());
        assertArrayEquals(a.windows()[5], b.windows()[5]);
        assertEquals(3, a.noise().size());
        for (NoiseDraw draw : a.noise()) {
            assertTrue(noise.ids().contains(draw.noiseId()), draw.noiseId());
            assertTrue(draw.amplitude() >= SPEC.noiseMinAmplitude() && draw.amplitude() < SPEC.noiseMaxAmplitude());
        }
        FeaturizedVariant clean = first.clean(recording);
        assertEquals(clean.windows().length, a.windows().length);
        assertFalse(java.util.Arrays.equals(clean.windows()[0], a.windows()[0]), "noise changes the features");
        assertTrue(clean.noise().isEmpty());
    }

    @Test
    void noisyVariantsNeedANoiseCorpus() throws Exception {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        PreparedRecording recording =
                featurizer.prepare(SharedData.bytes(SharedData.root().resolve(LONG)));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> featurizer.noisy(recording, "id", 1, 42, 1));
        assertTrue(e.getMessage().contains("NoiseCorpus"), e.getMessage());
    }

    /** A 220 Hz tone at half scale. */
    private static double[] tone(int samples, int rate) {
        double[] x = new double[samples];
        for (int n = 0; n < samples; n++) {
            x[n] = 0.5 * Math.sin(2 * Math.PI * 220 * n / rate);
        }
        return x;
    }
}
