package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spira.features.decode.RejectAssertions.assertRejected;
import static org.spira.features.decode.RejectAssertions.decodeOrReject;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.TestResources;
import org.spira.features.testing.WavFixture;

/** Ogg Vorbis: real KLettres files and synthetic Ogg streams built with jogg. */
class OggVorbisDecoderTest {
    private final AudioDecoder decoder = new AudioDecoder();

    @Test
    void klettresLetterAHasTheMetadataShape() throws Exception {
        DecodedAudio audio = decoder.decode(SharedData.bytes(RealRecordingsTest.klettres("a")));

        assertEquals("ogg_vorbis", audio.format());
        assertEquals(44100, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertEquals(35384, audio.frames());
        RealRecordingsTest.assertPlausibleSpeech(audio.mono());
    }

    @Test
    void channelsAreAveragedNotTakenFromTheLeft() throws Exception {
        float[] wav = decoder.decode(TestResources.bytes("decode/" + "coswara-mono16.wav"))
                .mono();
        float[] leftOnly = decoder.decode(TestResources.bytes("decode/" + "coswara-left-only.ogg"))
                .mono();
        float[] antiphase = decoder.decode(TestResources.bytes("decode/" + "coswara-antiphase.ogg"))
                .mono();

        assertEquals(wav.length, leftOnly.length);
        assertEquals(wav.length, antiphase.length);
        // R silent: mono is L / 2, up to the lossy codec's error.
        assertEquals(0.5, gain(wav, leftOnly), 0.02);
        assertTrue(correlation(wav, leftOnly) > 0.99, "correlation " + correlation(wav, leftOnly));
        // R = -L: the average cancels to far below the signal.
        assertTrue(rms(antiphase) < 0.05 * rms(wav), "antiphase rms " + rms(antiphase) + " vs " + rms(wav));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 27, 58, 200, 3000, 4000, 6000, 9000, 12000})
    void truncatedStreamsDecodeTheirCompletePagesOrAreRejected(int length) throws Exception {
        byte[] ogg = SharedData.bytes(RealRecordingsTest.klettres("n"));
        float[] full = decoder.decode(ogg).mono();

        DecodedAudio audio = decodeOrReject(decoder, Arrays.copyOf(ogg, Math.min(length, ogg.length - 1)));

        if (audio != null) {
            assertTrue(audio.frames() <= full.length);
            assertArrayEquals(Arrays.copyOf(full, audio.frames()), audio.mono());
        }
    }

    @Test
    void streamEndingInsideTheHeadersIsTruncated() {
        byte[] ogg = SharedData.bytes(RealRecordingsTest.klettres("a"));
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(ogg, 100));
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 500, 5000})
    void pageWithGarbageIsRejected(int offset) {
        byte[] ogg = SharedData.bytes(RealRecordingsTest.klettres("a"));
        byte[] damaged = ogg.clone();
        for (int i = offset; i < offset + 16; i++) {
            damaged[i] ^= (byte) 0xA5;
        }
        assertRejected(RejectReason.MALFORMED_HEADER, damaged);
    }

    @Test
    void chainedStreamsAreUnsupported() {
        byte[] a = SharedData.bytes(RealRecordingsTest.klettres("a"));
        byte[] n = SharedData.bytes(RealRecordingsTest.klettres("n"));
        byte[] chained = Arrays.copyOf(a, a.length + n.length);
        System.arraycopy(n, 0, chained, a.length, n.length);

        assertRejected(RejectReason.UNSUPPORTED_CODEC, chained);
    }

    @Test
    void otherCodecsInOggAreUnsupported() {
        assertRejected(RejectReason.UNSUPPORTED_CODEC, oggWithFirstPacket("OpusHead\u0001\u0002"));
        assertRejected(RejectReason.UNSUPPORTED_CODEC, oggWithFirstPacket("\u007fFLAC\u0001\u0000"));
        assertRejected(RejectReason.UNSUPPORTED_CODEC, oggWithFirstPacket("Speex   1.2"));
    }

    @Test
    void oggMagicFollowedByGarbageIsRejected() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        System.arraycopy(WavFixture.ascii("OggS"), 0, garbage, 0, 4);
        RecordingRejectedException e = assertThrows(
                RecordingRejectedException.class,
                () -> RejectAssertions.withinHangGuard(() -> decoder.decode(garbage)));
        assertTrue(EnumSet.of(RejectReason.MALFORMED_HEADER, RejectReason.TRUNCATED)
                .contains(e.reason()));
    }

    @Test
    void durationLimitCapsTheDecodedLength() {
        AudioDecoder capped = new AudioDecoder(new DecodeLimits(1 << 30, 0.1, 8000, 48000, 8));
        assertRejected(RejectReason.ABSURD_SIZE, capped, SharedData.bytes(RealRecordingsTest.klettres("n")));
    }

    @Test
    void rateAndChannelLimitsApply() {
        byte[] ogg = SharedData.bytes(RealRecordingsTest.klettres("a"));
        assertRejected(
                RejectReason.BAD_SAMPLE_RATE, new AudioDecoder(new DecodeLimits(1 << 30, 60, 8000, 16000, 8)), ogg);
        assertRejected(RejectReason.BAD_CHANNELS, new AudioDecoder(new DecodeLimits(1 << 30, 60, 8000, 48000, 1)), ogg);
    }

    /** A one-page Ogg stream whose only packet is {@code text} (ISO-8859-1 bytes). */
    private static byte[] oggWithFirstPacket(String text) {
        byte[] body = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        StreamState stream = new StreamState();
        stream.init(1234);
        Packet packet = new Packet();
        packet.packet_base = body;
        packet.packet = 0;
        packet.bytes = body.length;
        packet.b_o_s = 1;
        packet.e_o_s = 1;
        packet.granulepos = 0;
        stream.packetin(packet);
        Page page = new Page();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (stream.flush(page) != 0) {
            out.write(page.header_base, page.header, page.header_len);
            out.write(page.body_base, page.body, page.body_len);
        }
        return out.toByteArray();
    }

    private static double gain(float[] reference, float[] scaled) {
        double dot = 0;
        double energy = 0;
        for (int i = 0; i < reference.length; i++) {
            dot += (double) reference[i] * scaled[i];
            energy += (double) reference[i] * reference[i];
        }
        return dot / energy;
    }

    private static double correlation(float[] a, float[] b) {
        return gain(a, b) * rms(a) / rms(b);
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }
}
