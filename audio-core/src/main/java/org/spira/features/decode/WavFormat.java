package org.spira.features.decode;

import java.util.Locale;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * The validated contents of a WAV {@code fmt } chunk.
 *
 * @param encoding sample encoding (container width, signedness, integer or float)
 * @param channels interleaved channels per frame
 * @param sampleRate frames per second, Hz
 * @param blockAlign bytes per frame (= channels x container bytes)
 */
record WavFormat(WavEncoding encoding, int channels, int sampleRate, int blockAlign) {
    static final int TAG_PCM = 0x0001;
    static final int TAG_FLOAT = 0x0003;
    static final int TAG_ALAW = 0x0006;
    static final int TAG_MULAW = 0x0007;
    static final int TAG_EXTENSIBLE = 0xFFFE;

    /** Largest legal fmt chunk: WAVEFORMATEX (18 bytes) plus a 16-bit cbSize of extra bytes. */
    private static final long MAX_FMT_BYTES = 18 + 0xFFFF;
    /** Bytes 4-15 of every KSDATAFORMAT_SUBTYPE_* GUID for a WAVE format tag. */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };

    /**
     * Parses a fmt chunk whose {@code size}-byte body starts at the reader's position and leaves
     * the reader at the end of the body (pad byte not included).
     */
    static WavFormat parse(ByteReader in, long size, DecodeLimits limits) throws RecordingRejectedException {
        if (size < 16 || size > MAX_FMT_BYTES) {
            throw malformed("fmt chunk is " + size + " bytes; a valid one has 16 to " + MAX_FMT_BYTES);
        }
        in.require(size, "fmt chunk");
        int end = in.position() + (int) size;
        int tag = in.u16("fmt chunk");
        int channels = in.u16("fmt chunk");
        long sampleRate = in.u32("fmt chunk");
        in.u32("fmt chunk"); // byte rate: often wrong in the wild, and derivable, so unused
        int blockAlign = in.u16("fmt chunk");
        int bits = in.u16("fmt chunk");
        limits.checkChannels(channels, "WAV");
        limits.checkSampleRate(sampleRate, "WAV");
        if (tag == TAG_EXTENSIBLE) {
            tag = extensibleSubformat(in, size, bits);
        }
        WavEncoding encoding = encoding(tag, bits);
        if (blockAlign != channels * encoding.bytesPerSample()) {
            throw malformed(String.format(
                    Locale.ROOT,
                    "WAV block align is %d bytes but %d channels of %d-bit samples need %d",
                    blockAlign,
                    channels,
                    bits,
                    channels * encoding.bytesPerSample()));
        }
        in.skip(end - in.position(), "fmt chunk");
        return new WavFormat(encoding, channels, (int) sampleRate, blockAlign);
    }

    private static int extensibleSubformat(ByteReader in, long size, int bits) throws RecordingRejectedException {
        if (size < 40) {
            throw malformed("WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size + " bytes; it needs at least 40");
        }
        int extraBytes = in.u16("fmt chunk");
        int validBits = in.u16("fmt chunk");
        in.u32("fmt chunk"); // speaker mask: irrelevant once channels are averaged
        long data1 = in.u32("fmt chunk");
        int data2 = in.u16("fmt chunk");
        int data3 = in.u16("fmt chunk");
        if (extraBytes < 22 || validBits > bits) {
            throw malformed("WAVE_FORMAT_EXTENSIBLE has cbSize " + extraBytes + " and " + validBits
                    + " valid bits in a " + bits + "-bit container");
        }
        boolean standard = (data1 >>> 16) == 0 && data2 == 0 && data3 == 0x0010;
        for (int i = 4; i < 12; i++) {
            standard &= in.u8("fmt chunk") == (GUID_TAIL[i] & 0xFF);
        }
        if (!standard) {
            throw new RecordingRejectedException(
                    RejectReason.UNSUPPORTED_CODEC,
                    "WAVE_FORMAT_EXTENSIBLE subformat GUID is not a standard WAVE format; only PCM, IEEE float,"
                            + " A-law and mu-law are decoded. Convert to 16-bit PCM WAV.");
        }
        return (int) (data1 & 0xFFFF);
    }

    private static WavEncoding encoding(int tag, int bits) throws RecordingRejectedException {
        switch (tag) {
            case TAG_PCM:
                if (bits >= 1 && bits <= 32) {
                    return WavEncoding.pcm(bits);
                }
                break;
            case TAG_FLOAT:
                if (bits == 32 || bits == 64) {
                    return bits == 32 ? WavEncoding.FLOAT_32 : WavEncoding.FLOAT_64;
                }
                break;
            case TAG_ALAW:
            case TAG_MULAW:
                if (bits == 8) {
                    return tag == TAG_ALAW ? WavEncoding.A_LAW : WavEncoding.MU_LAW;
                }
                break;
            default:
                throw unsupported(String.format(Locale.ROOT, "WAV format tag 0x%04X (%s)", tag, tagName(tag)));
        }
        throw unsupported(String.format(Locale.ROOT, "WAV format %s with %d bits per sample", tagName(tag), bits));
    }

    private static String tagName(int tag) {
        switch (tag) {
            case TAG_PCM:
                return "PCM";
            case TAG_FLOAT:
                return "IEEE float";
            case TAG_ALAW:
                return "A-law";
            case TAG_MULAW:
                return "mu-law";
            case 0x0002:
                return "Microsoft ADPCM";
            case 0x0011:
                return "IMA ADPCM";
            case 0x0031:
                return "GSM 6.10";
            case 0x0050:
            case 0x0055:
                return "MPEG audio";
            default:
                return "unknown codec";
        }
    }

    private static RecordingRejectedException unsupported(String what) {
        return new RecordingRejectedException(
                RejectReason.UNSUPPORTED_CODEC,
                what + " is not decoded; supported are PCM 8/16/24/32-bit, IEEE float 32/64-bit, A-law and"
                        + " mu-law. Convert the file to 16-bit PCM WAV (e.g. sox in.wav -e signed-integer -b 16"
                        + " out.wav).");
    }

    private static RecordingRejectedException malformed(String message) {
        return new RecordingRejectedException(RejectReason.MALFORMED_HEADER, message);
    }
}
