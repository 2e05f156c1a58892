package org.spira.features.decode;

/**
 * Sample encodings this package decodes from WAV, with the container width of one sample and
 * the stable format code reported in {@link DecodedAudio#format()}.
 */
enum WavEncoding {
    /** Unsigned 8-bit PCM, centred on 128: (x - 128) / 128. */
    PCM_U8("wav_pcm_u8", 1),
    /** Signed 16-bit PCM: x / 32768. */
    PCM_16("wav_pcm16", 2),
    /** Signed 24-bit PCM: x / 8388608. */
    PCM_24("wav_pcm24", 3),
    /** Signed 32-bit PCM: x / 2147483648. */
    PCM_32("wav_pcm32", 4),
    /** IEEE 754 single precision, passed through. */
    FLOAT_32("wav_float32", 4),
    /** IEEE 754 double precision, rounded to float. */
    FLOAT_64("wav_float64", 8),
    /** ITU-T G.711 mu-law, expanded to 16-bit linear, then / 32768. */
    MU_LAW("wav_mulaw", 1),
    /** ITU-T G.711 A-law, expanded to 16-bit linear, then / 32768. */
    A_LAW("wav_alaw", 1);

    private final String code;
    private final int bytesPerSample;

    WavEncoding(String code, int bytesPerSample) {
        this.code = code;
        this.bytesPerSample = bytesPerSample;
    }

    /** Stable format code, e.g. {@code wav_pcm16}. */
    String code() {
        return code;
    }

    /** Container width of one sample of one channel, bytes. */
    int bytesPerSample() {
        return bytesPerSample;
    }

    /** Integer PCM whose container holds {@code bits} bits (1-32), rounded up to whole bytes. */
    static WavEncoding pcm(int bits) {
        if (bits <= 8) {
            return PCM_U8;
        }
        if (bits <= 16) {
            return PCM_16;
        }
        return bits <= 24 ? PCM_24 : PCM_32;
    }
}
