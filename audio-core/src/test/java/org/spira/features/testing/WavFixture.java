package org.spira.features.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds WAV files byte by byte for tests: any container id, chunk order, declared sizes and
 * sample encoding, from an analytic signal whose expected decoded values follow by formula.
 */
public final class WavFixture {
    public static final int PCM = 0x0001;
    public static final int FLOAT = 0x0003;
    public static final int ALAW = 0x0006;
    public static final int MULAW = 0x0007;
    public static final int EXTENSIBLE = 0xFFFE;

    /** Sample encodings the writer produces. */
    public enum Encoding {
        U8(1),
        S16(2),
        S24(3),
        S32(4),
        F32(4),
        F64(8);

        public final int bytes;

        Encoding(int bytes) {
            this.bytes = bytes;
        }

        /** The value a perfect decoder returns for {@code x}: x rounded to this encoding. */
        public double quantize(double x) {
            switch (this) {
                case F32:
                    return (float) x;
                case F64:
                    return x;
                case U8:
                    return integer(x, 8) / 128.0;
                default:
                    return integer(x, 8 * bytes) / Math.pow(2, 8 * bytes - 1);
            }
        }

        /** Signed integer code of {@code x} at {@code bits}, rounded and clipped. */
        public static long integer(double x, int bits) {
            double full = Math.pow(2, bits - 1);
            return (long) Math.max(-full, Math.min(full - 1, Math.round(x * full)));
        }
    }

    private final String riffId;
    private final boolean bigEndian;
    private final List<byte[]> chunks = new ArrayList<>();
    private Long riffSize;

    private WavFixture(String riffId) {
        this.riffId = riffId;
        this.bigEndian = riffId.equals("RIFX");
    }

    public static WavFixture riff() {
        return new WavFixture("RIFF");
    }

    public static WavFixture container(String riffId) {
        return new WavFixture(riffId);
    }

    /** Declares this RIFF size instead of the true one. */
    public WavFixture riffSize(long size) {
        riffSize = size;
        return this;
    }

    /** Appends a chunk with its true size (and a pad byte if odd). */
    public WavFixture chunk(String id, byte[] body) {
        return chunk(id, body, body.length);
    }

    /** Appends a chunk declaring {@code declared} bytes; pads odd bodies. */
    public WavFixture chunk(String id, byte[] body, long declared) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(id));
        out.writeBytes(int32(declared));
        out.writeBytes(body);
        if (body.length % 2 == 1 && declared == body.length) {
            out.write(0);
        }
        chunks.add(out.toByteArray());
        return this;
    }

    public WavFixture fmt(int tag, int channels, int rate, int bits) {
        return chunk("fmt ", fmtBody(tag, channels, rate, bits, channels * ((bits + 7) / 8)));
    }

    public WavFixture data(double[][] signal, Encoding encoding) {
        return chunk("data", samples(signal, encoding));
    }

    public byte[] build() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("WAVE"));
        chunks.forEach(body::writeBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(riffId));
        out.writeBytes(int32(riffSize != null ? riffSize : body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A 16-byte WAVEFORMAT body with the given block align. */
    public byte[] fmtBody(int tag, int channels, int rate, int bits, int blockAlign) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(int16(tag));
        out.writeBytes(int16(channels));
        out.writeBytes(int32(rate));
        out.writeBytes(int32((long) rate * blockAlign));
        out.writeBytes(int16(blockAlign));
        out.writeBytes(int16(bits));
        return out.toByteArray();
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE body for a standard subformat tag. */
    public byte[] extensibleBody(int subTag, int channels, int rate, int bits, int validBits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fmtBody(EXTENSIBLE, channels, rate, bits, channels * (bits / 8)));
        out.writeBytes(int16(22));
        out.writeBytes(int16(validBits));
        out.writeBytes(int32(channels == 2 ? 3 : 4));
        out.writeBytes(int32(subTag));
        out.writeBytes(int16(0));
        out.writeBytes(int16(0x10));
        out.writeBytes(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return out.toByteArray();
    }

    /** Interleaved sample bytes of {@code signal[frame][channel]}. */
    public byte[] samples(double[][] signal, Encoding encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (double[] frame : signal) {
            for (double x : frame) {
                out.writeBytes(sample(x, encoding));
            }
        }
        return out.toByteArray();
    }

    private byte[] sample(double x, Encoding encoding) {
        switch (encoding) {
            case U8:
                return new byte[] {(byte) (Encoding.integer(x, 8) + 128)};
            case F32:
                return ordered(Float.floatToRawIntBits((float) x), 4);
            case F64:
                return ordered(Double.doubleToRawLongBits(x), 8);
            default:
                return ordered(Encoding.integer(x, 8 * encoding.bytes), encoding.bytes);
        }
    }

    public byte[] int16(long value) {
        return ordered(value, 2);
    }

    public byte[] int32(long value) {
        return ordered(value, 4);
    }

    private byte[] ordered(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[bigEndian ? bytes - 1 - i : i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    public static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * signal[frame][channel] = amplitude_c sin(2 pi f_c t) with f_c = 440 (c + 1) Hz and
     * amplitude_c = 0.9 / (c + 1), at {@code rate} Hz.
     */
    public static double[][] sine(int frames, int channels, int rate) {
        double[][] signal = new double[frames][channels];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                signal[f][c] = 0.9 / (c + 1) * Math.sin(2 * Math.PI * 440.0 * (c + 1) * f / rate);
            }
        }
        return signal;
    }

    /** A 16-bit PCM mono WAV of {@code mono} (full scale = 1) at {@code rate} Hz. */
    public static byte[] pcm16(double[] mono, int rate) {
        double[][] signal = new double[mono.length][];
        for (int f = 0; f < mono.length; f++) {
            signal[f] = new double[] {mono[f]};
        }
        return riff().fmt(PCM, 1, rate, 16).data(signal, Encoding.S16).build();
    }

    /** A small valid 16-bit mono WAV: 64 frames of the sine at 16 kHz. */
    public static byte[] smallPcm16() {
        return riff().fmt(PCM, 1, 16000, 16)
                .data(sine(64, 1, 16000), Encoding.S16)
                .build();
    }
}
