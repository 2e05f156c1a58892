package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;

/** The shared real recordings: shape from the metadata, samples against javax.sound. */
class RealRecordingsTest {
    private final AudioDecoder decoder = new AudioDecoder();

    static Stream<Map<String, String>> nativeRate() {
        return MetadataCsv.rows(SharedData.root().resolve("native-rate/metadata.csv")).stream();
    }

    static Stream<Map<String, String>> publicSubset() {
        return MetadataCsv.rows(SharedData.root().resolve("public/metadata.csv")).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeRate")
    void nativeRateFilesMatchTheirMetadata(Map<String, String> row) throws Exception {
        byte[] bytes = SharedData.bytes(SharedData.root().resolve("native-rate").resolve(row.get("path")));

        DecodedAudio audio = decoder.decode(bytes);

        assertEquals(audio.header(), decoder.probe(bytes), "the header says what decoding finds");
        assertEquals(Integer.parseInt(row.get("sample_rate")), audio.sampleRate());
        assertEquals(Integer.parseInt(row.get("channels")), audio.channels());
        assertEquals(Long.parseLong(row.get("samples")), audio.frames());
        assertEquals(row.get("encoding").equals("ogg_vorbis") ? "ogg_vorbis" : "wav_pcm16", audio.format());
        if (audio.format().equals("wav_pcm16")) {
            assertEquals(List.of(), mismatches(bytes, audio.mono()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicSubset")
    void publicSubsetDecodesAt16kHzMono(Map<String, String> row) throws Exception {
        byte[] bytes = SharedData.bytes(SharedData.root().resolve("public").resolve(row.get("path")));

        DecodedAudio audio = decoder.decode(bytes);

        assertEquals(16000, audio.sampleRate());
        assertEquals(1, audio.channels());
        assertEquals(Double.parseDouble(row.get("duration_s")), audio.durationSeconds(), 1e-3);
        assertEquals(List.of(), mismatches(bytes, audio.mono()));
    }

    /** Frames where the decode differs from javax.sound's 16-bit PCM divided by 32768. */
    private static List<Integer> mismatches(byte[] bytes, float[] mono) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat format = in.getFormat();
            assertEquals(16, format.getSampleSizeInBits());
            assertEquals(1, format.getChannels());
            byte[] pcm = in.readAllBytes();
            assertEquals(pcm.length / 2, mono.length);
            return java.util.stream.IntStream.range(0, mono.length)
                    .filter(i -> mono[i] != (short) ((pcm[2 * i + 1] << 8) | (pcm[2 * i] & 0xFF)) / 32768f)
                    .limit(5)
                    .boxed()
                    .toList();
        }
    }

    static Path klettres(String letter) {
        return SharedData.root().resolve("native-rate/klettres-pt_BR/alpha/" + letter + ".ogg");
    }

    static void assertPlausibleSpeech(float[] mono) {
        float peak = 0;
        for (float x : mono) {
            assertTrue(Float.isFinite(x));
            peak = Math.max(peak, Math.abs(x));
        }
        assertTrue(peak > 0.01f && peak <= 1.2f, "peak " + peak);
    }
}
