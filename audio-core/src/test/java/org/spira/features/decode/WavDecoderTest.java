package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spira.features.testing.WavFixture;
import org.spira.features.testing.WavFixture.Encoding;

/** Well-formed WAV variants decoded against the analytic signal they were written from. */
class WavDecoderTest {
    private static final int RATE = 16000;
    private static final int FRAMES = 1000;

    private final AudioDecoder decoder = new AudioDecoder();

    @ParameterizedTest
    @CsvSource({
        "U8,     1, 8,  wav_pcm_u8",
        "S16,    1, 16, wav_pcm16",
        "S24,    1, 24, wav_pcm24",
        "S32,    1, 32, wav_pcm32",
        "F32,    3, 32, wav_float32",
        "F64,    3, 64, wav_float64"
    })
    void decodesEveryEncodingToTheNormalizedSignal(Encoding encoding, int tag, int bits, String code) throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        byte[] wav =
                WavFixture.riff().fmt(tag, 1, RATE, bits).data(signal, encoding).build();

        DecodedAudio audio = decoder.decode(wav);

        assertEquals(RATE, audio.sampleRate());
        assertEquals(1, audio.channels());
        assertEquals(code, audio.format());
        assertMatches(signal, encoding, audio.mono());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 6})
    void averagesAllChannels(int channels) throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, channels, RATE);
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.PCM, channels, RATE, 16)
                .data(signal, Encoding.S16)
                .build();

        DecodedAudio audio = decoder.decode(wav);

        assertEquals(channels, audio.channels());
        assertMatches(signal, Encoding.S16, audio.mono());
    }

    @Test
    void stereoAverageIsExactlyTheFloat32MeanOfTheChannels() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 2, RATE);
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.FLOAT, 2, RATE, 32)
                .data(signal, Encoding.F32)
                .build();

        float[] mono = decoder.decode(wav).mono();

        for (int f = 0; f < FRAMES; f++) {
            float mean = ((float) signal[f][0] + (float) signal[f][1]) / 2f;
            assertEquals(mean, mono[f], 0f, "frame " + f);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, S16, 16, wav_pcm16", "1, S24, 24, wav_pcm24", "1, S32, 32, wav_pcm32", "3, F32, 32, wav_float32"})
    void decodesWaveFormatExtensible(int subTag, Encoding encoding, int bits, String code) throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 2, RATE);
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.chunk("fmt ", fixture.extensibleBody(subTag, 2, RATE, bits, bits))
                .data(signal, encoding)
                .build();

        DecodedAudio audio = decoder.decode(wav);

        assertEquals(code, audio.format());
        assertMatches(signal, encoding, audio.mono());
    }

    @Test
    void extensibleWithFewerValidBitsUsesTheContainerScale() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.chunk("fmt ", fixture.extensibleBody(WavFixture.PCM, 1, RATE, 24, 20))
                .data(signal, Encoding.S24)
                .build();

        assertMatches(signal, Encoding.S24, decoder.decode(wav).mono());
    }

    @Test
    void skipsUnknownAndOddSizedChunksAnywhere() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        WavFixture fixture = WavFixture.riff();
        byte[] wav = fixture.chunk("JUNK", new byte[27])
                .chunk("bext", new byte[3])
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("fact", fixture.int32(FRAMES))
                .chunk("LIST", WavFixture.ascii("INFOISFT\u0005\u0000\u0000\u0000Lavf\u0000"))
                .data(signal, Encoding.S16)
                .chunk("cue ", new byte[5])
                .build();

        assertMatches(signal, Encoding.S16, decoder.decode(wav).mono());
    }

    @Test
    void findsFmtAfterData() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        byte[] wav = WavFixture.riff()
                .data(signal, Encoding.S16)
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .build();

        assertMatches(signal, Encoding.S16, decoder.decode(wav).mono());
    }

    @ParameterizedTest
    @CsvSource({"0xFFFFFFFF, 0xFFFFFFFF", "0, 0", "0xFFFFFFFF, 0", "1234, 0xFFFFFFFF"})
    void streamingPlaceholderSizesUseTheBytesPresent(String riffSize, String dataSize) throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 2, RATE);
        WavFixture fixture = WavFixture.riff().riffSize(Long.decode(riffSize));
        byte[] samples = fixture.samples(signal, Encoding.S16);
        byte[] withPartialFrame = java.util.Arrays.copyOf(samples, samples.length + 3);
        byte[] wav = fixture.fmt(WavFixture.PCM, 2, RATE, 16)
                .chunk("data", withPartialFrame, Long.decode(dataSize))
                .build();

        DecodedAudio audio = decoder.decode(wav);

        assertEquals(FRAMES, audio.frames(), "whole frames only; the 3 trailing bytes are dropped");
        assertMatches(signal, Encoding.S16, audio.mono());
    }

    @Test
    void decodesBigEndianRifx() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 2, RATE);
        byte[] wav = WavFixture.container("RIFX")
                .fmt(WavFixture.PCM, 2, RATE, 24)
                .data(signal, Encoding.S24)
                .build();

        assertMatches(signal, Encoding.S24, decoder.decode(wav).mono());
    }

    @ParameterizedTest
    @CsvSource({"RIFF", "RIFX"})
    void decodesMono16BitInEitherByteOrderExactly(String container) throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        byte[] wav = WavFixture.container(container)
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .data(signal, Encoding.S16)
                .build();

        assertMatches(signal, Encoding.S16, decoder.decode(wav).mono());
    }

    @Test
    void decodesRf64WithSizesInDs64() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        WavFixture fixture = WavFixture.container("RF64").riffSize(0xFFFFFFFFL);
        byte[] ds64 = new byte[28];
        long dataBytes = 2L * FRAMES;
        for (int i = 0; i < 8; i++) {
            ds64[8 + i] = (byte) (dataBytes >>> (8 * i));
        }
        byte[] wav = fixture.chunk("ds64", ds64)
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("data", fixture.samples(signal, Encoding.S16), 0xFFFFFFFFL)
                .chunk("LIST", new byte[12])
                .build();

        DecodedAudio audio = decoder.decode(wav);

        assertEquals(FRAMES, audio.frames(), "the LIST chunk after the data is not audio");
        assertMatches(signal, Encoding.S16, audio.mono());
    }

    @Test
    void expandsG711WithTheReferenceTables() throws Exception {
        byte[] codes = {(byte) 0x00, (byte) 0x80, (byte) 0xFF, (byte) 0x7F, (byte) 0xD5, (byte) 0x55, (byte) 0xAA};
        WavFixture fixture = WavFixture.riff();
        byte[] mu =
                fixture.fmt(WavFixture.MULAW, 1, 8000, 8).chunk("data", codes).build();
        byte[] alaw = WavFixture.riff()
                .fmt(WavFixture.ALAW, 1, 8000, 8)
                .chunk("data", codes)
                .build();

        DecodedAudio muAudio = decoder.decode(mu);
        DecodedAudio aAudio = decoder.decode(alaw);

        assertEquals("wav_mulaw", muAudio.format());
        assertEquals("wav_alaw", aAudio.format());
        assertEquals(-32124 / 32768f, muAudio.mono()[0]);
        assertEquals(32124 / 32768f, muAudio.mono()[1]);
        assertEquals(0f, muAudio.mono()[2]);
        assertEquals(0f, muAudio.mono()[3]);
        assertEquals(8 / 32768f, aAudio.mono()[4]);
        assertEquals(-8 / 32768f, aAudio.mono()[5]);
        assertEquals(32256 / 32768f, aAudio.mono()[6]);
    }

    @Test
    void pcmWithBitsBetweenContainersUsesTheContainerWidth() throws Exception {
        double[][] signal = WavFixture.sine(FRAMES, 1, RATE);
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.PCM, 1, RATE, 13)
                .data(signal, Encoding.S16)
                .build();

        DecodedAudio audio = decoder.decode(wav);

        assertEquals("wav_pcm16", audio.format());
        assertMatches(signal, Encoding.S16, audio.mono());
    }

    @Test
    void allZeroAudioDecodes() throws Exception {
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.PCM, 1, RATE, 16)
                .chunk("data", new byte[2 * FRAMES])
                .build();

        assertArrayEquals(new float[FRAMES], decoder.decode(wav).mono());
    }

    @Test
    void floatSamplesAboveFullScaleAreKept() throws Exception {
        double[][] loud = {{1.5}, {-2.25}};
        byte[] wav = WavFixture.riff()
                .fmt(WavFixture.FLOAT, 1, RATE, 32)
                .data(loud, Encoding.F32)
                .build();

        assertArrayEquals(new float[] {1.5f, -2.25f}, decoder.decode(wav).mono());
    }

    /** Decoded = mean over channels of the quantized signal, and within one step of the signal. */
    static void assertMatches(double[][] signal, Encoding encoding, float[] mono) {
        assertEquals(signal.length, mono.length);
        boolean floating = encoding == Encoding.F32 || encoding == Encoding.F64;
        double step = encoding == Encoding.U8 ? 1 / 128.0 : floating ? 0 : Math.pow(2, 1 - 8 * encoding.bytes);
        double floatRounding = 1e-7;
        for (int f = 0; f < signal.length; f++) {
            double quantized = 0;
            double exact = 0;
            for (double x : signal[f]) {
                quantized += encoding.quantize(x);
                exact += x;
            }
            int channels = signal[f].length;
            assertEquals((float) (quantized / channels), mono[f], 0f, "frame " + f);
            assertTrue(Math.abs(exact / channels - mono[f]) <= step + floatRounding, "frame " + f + " within a step");
        }
    }
}
