package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.spira.features.decode.RejectAssertions.assertRejected;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.testing.TestResources;
import org.spira.features.testing.WavFixture;
import org.spira.features.testing.WavFixture.Encoding;

/**
 * {@link AudioDecoder#probe}: what the header says a recording is equals what decoding finds, a
 * recording whose header shows it unusable is rejected for the decoder's reason, and what only
 * the samples show is left to decoding. (The shared real recordings are probed in {@link
 * RealRecordingsTest}.)
 */
class AudioProbeTest {
    private final AudioDecoder decoder = new AudioDecoder();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "coswara-mono16.wav",
                "coswara-mono24.wav",
                "coswara-stereo16.wav",
                "coswara-stereo24.wav",
                "coswara-mono16.flac",
                "coswara-mono24.flac",
                "coswara-stereo16.flac",
                "coswara-stereo24.flac",
                "coswara-left-only.ogg",
                "coswara-antiphase.ogg"
            })
    void theHeaderSaysWhatDecodingFinds(String name) throws Exception {
        byte[] bytes = TestResources.bytes("decode/" + name);

        assertEquals(decoder.decode(bytes).header(), decoder.probe(bytes));
    }

    @Test
    void aHeaderThatShowsTheRecordingUnusableIsRejectedForTheDecodersReason() {
        byte[] wav = WavFixture.smallPcm16();
        byte[] flac = TestResources.bytes("decode/coswara-mono16.flac");
        byte[] flacZeroRate = flac.clone();
        flacZeroRate[8 + 10] = 0;
        flacZeroRate[8 + 11] = 0;
        flacZeroRate[8 + 12] &= 0x0F;
        byte[][] inputs = {
            new byte[0],
            "path,subject_id,label\n".getBytes(StandardCharsets.UTF_8),
            Arrays.copyOf(wav, 30),
            Arrays.copyOf(wav, 44),
            WavFixture.riff()
                    .fmt(WavFixture.PCM, 1, 16_000, 16)
                    .chunk("data", new byte[0])
                    .build(),
            WavFixture.riff()
                    .fmt(0x0055, 1, 16_000, 16)
                    .data(WavFixture.sine(64, 1, 16_000), Encoding.S16)
                    .build(),
            Arrays.copyOf(flac, 30),
            Arrays.copyOf(flac, FlacDecoderTest.audioStart(flac)),
            flacZeroRate
        };
        for (byte[] input : inputs) {
            RecordingRejectedException decoded =
                    assertThrows(RecordingRejectedException.class, () -> decoder.decode(input));
            RecordingRejectedException probed =
                    assertThrows(RecordingRejectedException.class, () -> decoder.probe(input));
            assertEquals(decoded.reason(), probed.reason(), probed.getMessage());
        }
    }

    @Test
    void whatOnlyTheSamplesShowIsLeftToDecoding() throws Exception {
        double[][] signal = WavFixture.sine(64, 1, 16_000);
        signal[10][0] = Double.NaN;
        byte[] nonFinite = WavFixture.riff()
                .fmt(WavFixture.FLOAT, 1, 16_000, 32)
                .data(signal, Encoding.F32)
                .build();
        byte[] flac = TestResources.bytes("decode/coswara-stereo24.flac");
        byte[] cut = Arrays.copyOf(flac, flac.length - 100);

        assertEquals(new AudioHeader("wav_float32", 16_000, 1, 64), decoder.probe(nonFinite));
        assertRejected(RejectReason.NON_FINITE_SAMPLES, nonFinite);
        assertEquals(decoder.decode(flac).header(), decoder.probe(cut), "STREAMINFO's declared length");
        assertRejected(RejectReason.TRUNCATED, cut);
    }

    @Test
    void durationComesFromTheFramesAndTheSourceRate() {
        assertEquals(2.5, new AudioHeader("wav_pcm16", 8_000, 2, 20_000).durationSeconds());
    }
}
