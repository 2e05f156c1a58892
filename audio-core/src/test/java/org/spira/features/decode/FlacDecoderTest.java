package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spira.features.decode.RejectAssertions.assertRejected;
import static org.spira.features.decode.RejectAssertions.decodeOrReject;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.testing.TestResources;
import org.spira.features.testing.WavFixture;

/** FLAC is lossless: its decode must equal the decode of the WAV it was encoded from. */
class FlacDecoderTest {
    private static final int STREAMINFO = 8;

    private final AudioDecoder decoder = new AudioDecoder();

    @ParameterizedTest
    @CsvSource({"coswara-mono16, 1", "coswara-mono24, 1", "coswara-stereo16, 2", "coswara-stereo24, 2"})
    void decodesExactlyLikeTheSourceWav(String name, int channels) throws Exception {
        DecodedAudio wav = decoder.decode(TestResources.bytes("decode/" + name + ".wav"));
        DecodedAudio flac = decoder.decode(TestResources.bytes("decode/" + name + ".flac"));

        assertEquals("flac", flac.format());
        assertEquals(16000, flac.sampleRate());
        assertEquals(channels, flac.channels());
        assertEquals(wav.channels(), flac.channels());
        assertTrue(wav.frames() >= 8000);
        assertArrayEquals(wav.mono(), flac.mono());
    }

    @Test
    void stereoFixtureIsTheAverageOfUnequalChannels() throws Exception {
        float[] mono = decoder.decode(TestResources.bytes("decode/" + "coswara-mono16.wav"))
                .mono();
        float[] stereo = decoder.decode(TestResources.bytes("decode/" + "coswara-stereo16.flac"))
                .mono();

        // R = 0.5 L was requantized to 16 bits, so the mean is 0.75 L within one LSB.
        for (int i = 0; i < mono.length; i++) {
            assertEquals(0.75 * mono[i], stereo[i], 1.0 / 32768, "frame " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 20, 41, 42, 100, 8400, 9000, 12000, 20000, 30000})
    void truncatedStreamsOfDeclaredLengthAreRejected(int length) {
        byte[] flac = TestResources.bytes("decode/" + "coswara-stereo24.flac");

        DecodedAudio audio = decodeOrReject(decoder, Arrays.copyOf(flac, Math.min(length, flac.length - 1)));

        assertEquals(null, audio, "STREAMINFO declares more samples than a cut stream holds");
    }

    @ParameterizedTest
    @ValueSource(ints = {16000, 20000, 21500})
    void truncatedStreamsOfUnknownLengthDecodeTheirCompleteFrames(int length) throws Exception {
        byte[] flac = TestResources.bytes("decode/" + "coswara-mono16.flac");
        float[] full = decoder.decode(flac).mono();
        byte[] unknownLength = flac.clone();
        unknownLength[STREAMINFO + 13] &= (byte) 0xF0;
        Arrays.fill(unknownLength, STREAMINFO + 14, STREAMINFO + 18, (byte) 0);
        assertArrayEquals(full, decoder.decode(unknownLength).mono());

        DecodedAudio audio = decodeOrReject(decoder, Arrays.copyOf(unknownLength, Math.min(length, flac.length - 1)));

        assertTrue(audio != null && audio.frames() > 0 && audio.frames() < full.length);
        assertArrayEquals(Arrays.copyOf(full, audio.frames()), audio.mono());
    }

    @Test
    void truncationReasons() {
        byte[] flac = TestResources.bytes("decode/" + "coswara-mono16.flac");
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(flac, 4));
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(flac, 30));
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(flac, audioStart(flac) + 10));
    }

    @Test
    void corruptAudioIsRejectedNotSilencedOrSkipped() {
        byte[] flac = TestResources.bytes("decode/" + "coswara-mono16.flac");
        int start = audioStart(flac);
        for (int offset = start + 7; offset < flac.length; offset += 1111) {
            byte[] damaged = flac.clone();
            damaged[offset] ^= 0x5A;
            // Damage in the final frame can make jflac read to the end, which looks like a cut.
            Set<RejectReason> expected = EnumSet.of(RejectReason.MALFORMED_HEADER, RejectReason.TRUNCATED);
            RecordingRejectedException e =
                    org.junit.jupiter.api.Assertions.assertThrows(RecordingRejectedException.class, () -> {
                        RejectAssertions.withinHangGuard(() -> decoder.decode(damaged));
                    });
            assertTrue(expected.contains(e.reason()), "offset " + offset + ": " + e.getMessage());
        }
    }

    @Test
    void streamInfoFieldsAreValidated() {
        byte[] flac = TestResources.bytes("decode/" + "coswara-mono16.flac");
        byte[] zeroRate = flac.clone();
        zeroRate[STREAMINFO + 10] = 0;
        zeroRate[STREAMINFO + 11] = 0;
        zeroRate[STREAMINFO + 12] &= 0x0F;
        byte[] wide = flac.clone();
        wide[STREAMINFO + 12] |= 0x01; // bits-per-sample - 1 gains 16: 32 bits
        byte[] noStreamInfo = flac.clone();
        noStreamInfo[4] = 0x04;

        assertRejected(RejectReason.BAD_SAMPLE_RATE, zeroRate);
        assertRejected(RejectReason.UNSUPPORTED_CODEC, wide);
        assertRejected(RejectReason.MALFORMED_HEADER, noStreamInfo);
    }

    @Test
    void metadataBlockLongerThanTheFileIsTruncated() {
        byte[] flac = TestResources.bytes("decode/" + "coswara-mono16.flac");
        byte[] lying = Arrays.copyOf(flac, STREAMINFO + 34 + 4 + 16);
        lying[4] &= 0x7F; // STREAMINFO is not the last block
        int next = STREAMINFO + 34;
        lying[next] = 6; // PICTURE
        lying[next + 1] = (byte) 0xFF;
        lying[next + 2] = (byte) 0xFF;
        lying[next + 3] = (byte) 0xFF;

        assertRejected(RejectReason.TRUNCATED, lying);
    }

    @Test
    void durationLimitCapsTheDecodedLength() {
        AudioDecoder capped = new AudioDecoder(new DecodeLimits(1 << 30, 0.25, 8000, 48000, 8));
        assertRejected(RejectReason.ABSURD_SIZE, capped, TestResources.bytes("decode/" + "coswara-mono16.flac"));
    }

    @Test
    void id3TaggedFlacIsDecoded() throws Exception {
        byte[] flac = TestResources.bytes("decode/" + "coswara-mono16.flac");
        byte[] tagged = new byte[10 + 20 + flac.length];
        System.arraycopy(WavFixture.ascii("ID3"), 0, tagged, 0, 3);
        tagged[3] = 4;
        tagged[9] = 20;
        System.arraycopy(flac, 0, tagged, 30, flac.length);

        assertArrayEquals(decoder.decode(flac).mono(), decoder.decode(tagged).mono());
        tagged[30] = 'X';
        assertRejected(RejectReason.UNSUPPORTED_CODEC, tagged);
    }

    /** Offset of the first audio frame: after the metadata block flagged last. */
    static int audioStart(byte[] flac) {
        int offset = 4;
        boolean last = false;
        while (!last) {
            last = (flac[offset] & 0x80) != 0;
            int length = (flac[offset + 1] & 0xFF) << 16 | (flac[offset + 2] & 0xFF) << 8 | (flac[offset + 3] & 0xFF);
            offset += 4 + length;
        }
        return offset;
    }
}
