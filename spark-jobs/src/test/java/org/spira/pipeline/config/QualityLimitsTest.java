package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.quality.SpeechQuality;
import org.spira.features.testing.SharedData;

/**
 * The default speech-quality limits against the shared recordings, which are all good speech
 * (Coswara quality 1 or 2, the SPIRA and native-rate files): none fails. Changed copies of one of
 * them (a gain that clips, an offset, silence) fail with their reason, the measured value and
 * the limit.
 */
class QualityLimitsTest {
    private static final QualityLimits DEFAULTS =
            PipelineConfig.load(Optional.empty(), List.of()).ingest().quality();
    private static final AudioDecoder DECODER = new AudioDecoder();

    @Test
    void noSharedSpeechRecordingFailsTheDefaults() throws Exception {
        Map<String, String> failures = new TreeMap<>();
        int checked = 0;
        for (String folder : List.of("public", "native-rate")) {
            try (Stream<Path> files = Files.walk(SharedData.root().resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().matches(".*\\.(wav|flac|ogg)$"))
                        .toList()) {
                    SpeechQuality quality = SpeechQuality.of(DECODER.decode(Files.readAllBytes(file)));
                    DEFAULTS.firstFailure(quality).ifPresent(f -> failures.put(file.toString(), f.message()));
                    checked++;
                }
            }
        }
        assertEquals(262, checked, "249 public and 13 native-rate recordings");
        assertEquals(Map.of(), failures);
    }

    @Test
    void aCopyDrivenIntoClippingIsRejectedWithItsShareAndTheLimit() throws Exception {
        float[] speech = sharedSpeech().mono();
        float[] loud = new float[speech.length];
        for (int i = 0; i < speech.length; i++) {
            loud[i] = Math.max(-1f, Math.min(1f, 16 * speech[i]));
        }
        QualityLimits.Failure failure = failure(loud);
        assertEquals(QualityLimits.CLIPPED, failure.reason());
        assertTrue(
                failure.message()
                        .matches("\\d+\\.\\d{4}% of samples at full scale, above the limit 0\\.1000%"
                                + " \\(spira\\.ingest\\.quality\\.max-clipping-ratio = 0\\.001\\)"),
                failure.message());
    }

    @Test
    void anOffsetCopyIsRejectedAsDcOffset() throws Exception {
        float[] speech = sharedSpeech().mono();
        float[] shifted = new float[speech.length];
        for (int i = 0; i < speech.length; i++) {
            shifted[i] = speech[i] + 0.05f;
        }
        QualityLimits.Failure failure = failure(shifted);
        assertEquals(QualityLimits.DC_OFFSET, failure.reason());
        assertTrue(failure.message().startsWith("a DC offset of 0.0499"), failure.message()); // the speech's own -2e-5
        assertTrue(failure.message().endsWith("above the limit 0.02 (spira.ingest.quality.max-dc-offset)"));
    }

    @Test
    void digitalSilenceIsMostlySilentAndASecondOfItIsTooShortForALimitOfTwo() {
        QualityLimits.Failure silent = failure(new float[16_000]);
        assertEquals(QualityLimits.MOSTLY_SILENT, silent.reason());
        assertTrue(silent.message().startsWith("100.0% of its 20 ms frames are below -50 dBFS"), silent.message());
        QualityLimits twoSeconds = PipelineConfig.load(
                        Optional.empty(), List.of("spira.ingest.quality.min-duration-seconds=2"))
                .ingest()
                .quality();
        SpeechQuality second = SpeechQuality.of(new DecodedAudio(16_000, 1, "wav_pcm16", new float[16_000]));
        assertEquals(
                QualityLimits.DURATION,
                twoSeconds.firstFailure(second).orElseThrow().reason());
    }

    @Test
    void boundsThatCannotHoldFailNamingTheKey() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(
                        Optional.empty(),
                        List.of(
                                "spira.ingest.quality.min-sample-rate=48000",
                                "spira.ingest.quality.max-sample-rate=16000")));
        assertTrue(e.getMessage().contains("spira.ingest.quality.min-sample-rate"), e.getMessage());
    }

    private static DecodedAudio sharedSpeech() throws Exception {
        return DECODER.decode(Files.readAllBytes(
                SharedData.root().resolve("public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-normal.wav")));
    }

    private static QualityLimits.Failure failure(float[] mono) {
        return DEFAULTS.firstFailure(SpeechQuality.of(new DecodedAudio(16_000, 1, "wav_pcm16", mono)))
                .orElseThrow();
    }
}
