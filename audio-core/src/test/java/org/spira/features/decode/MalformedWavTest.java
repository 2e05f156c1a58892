package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spira.features.decode.RejectAssertions.HANG_GUARD;
import static org.spira.features.decode.RejectAssertions.assertRejected;
import static org.spira.features.decode.RejectAssertions.decodeOrReject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spira.features.RejectReason;
import org.spira.features.testing.WavFixture;
import org.spira.features.testing.WavFixture.Encoding;

/** Hostile and broken inputs: every one must end in a typed reject or a correct decode. */
class MalformedWavTest {
    private static final int RATE = 16000;
    private static final double[][] SIGNAL = WavFixture.sine(64, 1, RATE);

    private final AudioDecoder decoder = new AudioDecoder();

    @Test
    void emptyInput() {
        assertRejected(RejectReason.EMPTY, new byte[0]);
        assertRejected(RejectReason.EMPTY, null);
    }

    @Test
    void randomBytesAreNotAudio() {
        byte[] noise = new byte[4096];
        new Random(20240601L).nextBytes(noise);
        assertRejected(RejectReason.NOT_AUDIO, noise);
    }

    @Test
    void textIsNotAudio() {
        assertRejected(RejectReason.NOT_AUDIO, "file_path,class\naudio/a.wav,0\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void riffThatIsNotWaveIsNotAudio() {
        byte[] avi = WavFixture.riff().chunk("avih", new byte[56]).build();
        System.arraycopy(WavFixture.ascii("AVI "), 0, avi, 8, 4);
        assertRejected(RejectReason.NOT_AUDIO, avi);
    }

    @Test
    void everyPrefixDecodesItsWholeFramesOrIsRejected() throws Exception {
        byte[] wav = WavFixture.smallPcm16();
        float[] full = decoder.decode(wav).mono();
        int dataStart = wav.length - 2 * full.length;
        for (int length = 0; length < wav.length; length++) {
            byte[] prefix = Arrays.copyOf(wav, length);
            DecodedAudio audio = decodeOrReject(decoder, prefix);
            int wholeFrames = Math.max(0, (length - dataStart) / 2);
            if (wholeFrames == 0) {
                assertEquals(null, audio, "prefix of " + length + " bytes has no whole frame");
            } else {
                assertNotNull(audio, "prefix of " + length + " bytes");
                assertEquals(Arrays.toString(Arrays.copyOf(full, wholeFrames)), Arrays.toString(audio.mono()));
            }
        }
    }

    @Test
    void prefixesGiveTruncatedOrMalformedReasons() {
        byte[] wav = WavFixture.smallPcm16();
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(wav, 11));
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(wav, 30));
        assertRejected(RejectReason.TRUNCATED, Arrays.copyOf(wav, 44));
    }

    @Test
    void dataSizeBeyondTheFileDecodesTheFramesPresent() throws Exception {
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("data", fixture.samples(SIGNAL, Encoding.S16), 1_000_000)
                .build();

        assertEquals(SIGNAL.length, decoder.decode(wav).frames());
    }

    @Test
    void hugeRiffSizeIsIgnored() throws Exception {
        byte[] wav = WavFixture.riff()
                .riffSize(0xFFFFFFF0L)
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .data(SIGNAL, Encoding.S16)
                .build();

        WavDecoderTest.assertMatches(SIGNAL, Encoding.S16, decoder.decode(wav).mono());
    }

    @Test
    void hugeFmtSizeIsMalformed() {
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.chunk("fmt ", fixture.fmtBody(WavFixture.PCM, 1, RATE, 16, 2), 0xFFFFFF00L)
                .data(SIGNAL, Encoding.S16)
                .build();
        assertRejected(RejectReason.MALFORMED_HEADER, wav);
    }

    @Test
    void chunkOfFourGigabytesBeforeTheAudioIsAbsurd() {
        byte[] wav = WavFixture.riff()
                .chunk("JUNK", new byte[8], 0xFFFFFFF0L)
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .data(SIGNAL, Encoding.S16)
                .build();
        assertRejected(RejectReason.ABSURD_SIZE, wav);
    }

    @Test
    void chunkRunningPastTheEndBeforeTheAudioIsTruncated() {
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("LIST", new byte[8], 5000)
                .build();
        assertRejected(RejectReason.TRUNCATED, wav);
    }

    @ParameterizedTest
    @CsvSource({
        "1,    0,     16, BAD_SAMPLE_RATE",
        "1,    1000,  16, BAD_SAMPLE_RATE",
        "1,    500000,16, BAD_SAMPLE_RATE",
        "0,    16000, 16, BAD_CHANNELS",
        "1000, 16000, 16, BAD_CHANNELS",
        "1,    16000, 0,  UNSUPPORTED_CODEC",
        "1,    16000, 40, UNSUPPORTED_CODEC"
    })
    void invalidFormatFieldsAreRejected(int channels, int rate, int bits, RejectReason reason) {
        WavFixture fixture = WavFixture.riff();
        int blockAlign = Math.max(1, channels * ((bits + 7) / 8));
        byte[] wav = fixture.chunk("fmt ", fixture.fmtBody(WavFixture.PCM, channels, rate, bits, blockAlign))
                .chunk("data", new byte[64])
                .build();
        assertRejected(reason, wav);
    }

    @ParameterizedTest
    @CsvSource({"16, 3", "16, 1", "13, 1", "13, 3", "24, 4"})
    void blockAlignInconsistentWithChannelsAndBitsIsMalformed(int bits, int blockAlign) {
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.chunk("fmt ", fixture.fmtBody(WavFixture.PCM, 1, RATE, bits, blockAlign))
                .chunk("data", new byte[64])
                .build();
        assertRejected(RejectReason.MALFORMED_HEADER, wav);
    }

    @ParameterizedTest
    @CsvSource({"0x0011, 4", "0x0002, 4", "0x0055, 0", "0x0003, 16", "0x0007, 16"})
    void unsupportedCodecsAreNamed(String tag, int bits) {
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.chunk("fmt ", fixture.fmtBody(Integer.decode(tag), 1, 8000, bits, 2))
                .chunk("data", new byte[64])
                .build();
        assertRejected(RejectReason.UNSUPPORTED_CODEC, wav);
    }

    @Test
    void extensibleWithUnknownSubformatGuidIsUnsupported() {
        WavFixture fixture = WavFixture.riff();
        byte[] fmt = fixture.extensibleBody(WavFixture.PCM, 1, RATE, 16, 16);
        fmt[fmt.length - 1] ^= 0x55;
        byte[] wav = fixture.chunk("fmt ", fmt).data(SIGNAL, Encoding.S16).build();
        assertRejected(RejectReason.UNSUPPORTED_CODEC, wav);
    }

    @ParameterizedTest
    @CsvSource({"NaN, F32", "Infinity, F32", "-Infinity, F64", "1e300, F64"})
    void nonFiniteFloatSamplesAreRejected(double bad, Encoding encoding) {
        double[][] signal = {{0.1}, {bad}, {0.2}};
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.FLOAT, 1, RATE, encoding == Encoding.F32 ? 32 : 64)
                .data(signal, encoding)
                .build();
        assertRejected(RejectReason.NON_FINITE_SAMPLES, wav);
    }

    @Test
    void oppositeInfinitiesInTwoChannelsAreRejected() {
        double[][] signal = {{Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}};
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.FLOAT, 2, RATE, 32)
                .data(signal, Encoding.F32)
                .build();
        assertRejected(RejectReason.NON_FINITE_SAMPLES, wav);
    }

    @Test
    void missingChunksAreMalformed() {
        byte[] noFmt = WavFixture.riff().data(SIGNAL, Encoding.S16).build();
        byte[] noData = WavFixture.riff()
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("LIST", new byte[4])
                .build();
        assertRejected(RejectReason.MALFORMED_HEADER, noFmt);
        assertRejected(RejectReason.MALFORMED_HEADER, noData);
    }

    @Test
    void duplicateFmtIsMalformed() {
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .fmt(WavFixture.PCM, 2, RATE, 16)
                .data(SIGNAL, Encoding.S16)
                .build();
        assertRejected(RejectReason.MALFORMED_HEADER, wav);
    }

    @Test
    void dataShorterThanOneFrameIsTruncated() {
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.PCM, 2, RATE, 24)
                .chunk("data", new byte[5])
                .build();
        assertRejected(RejectReason.TRUNCATED, wav);
    }

    @Test
    void fourGigabytesDeclaredWithOneHundredBytesPresentAllocatesOnlyWhatIsThere() {
        WavFixture fixture = WavFixture.riff().riffSize(0xFFFFFFF0L);
        byte[] wav = fixture.fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("data", new byte[100], 0xFFFFFFF0L)
                .build();
        long before = usedHeap();

        DecodedAudio audio = assertTimeoutPreemptively(HANG_GUARD, () -> decoder.decode(wav));

        assertEquals(50, audio.frames());
        assertTrue(usedHeap() - before < 64L << 20, "no allocation sized by the declared 4 GB");
    }

    @Test
    void rf64DeclaringATerabyteWithOneHundredBytesPresent() throws Exception {
        WavFixture fixture = WavFixture.container("RF64").riffSize(0xFFFFFFFFL);
        byte[] ds64 = new byte[28];
        Arrays.fill(ds64, 8, 14, (byte) 0xFF);
        byte[] wav = fixture.chunk("ds64", ds64)
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("data", new byte[100], 0xFFFFFFFFL)
                .build();

        assertEquals(50, decoder.decode(wav).frames());
    }

    @Test
    void limitsAreEnforced() {
        byte[] oneSecond = WavFixture.riff()
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("data", new byte[2 * RATE])
                .build();
        AudioDecoder shortOnly = new AudioDecoder(new DecodeLimits(1 << 20, 0.5, 8000, 48000, 2));
        AudioDecoder tinyInput = new AudioDecoder(new DecodeLimits(1000, 10, 8000, 48000, 2));

        assertRejected(RejectReason.ABSURD_SIZE, shortOnly, oneSecond);
        assertRejected(RejectReason.ABSURD_SIZE, tinyInput, oneSecond);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
