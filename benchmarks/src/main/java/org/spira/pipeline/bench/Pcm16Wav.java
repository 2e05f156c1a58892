package org.spira.pipeline.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes a mono 16-bit PCM WAV file as a stream: the 44-byte header, then the samples. */
final class Pcm16Wav {
    private static final int HEADER_BYTES = 44;
    private static final int BYTES_PER_SAMPLE = 2;

    private Pcm16Wav() {}

    /** The RIFF header of a file of {@code frames} samples at {@code sampleRate}. */
    static void writeHeader(OutputStream out, int sampleRate, long frames) throws IOException {
        long dataBytes = frames * BYTES_PER_SAMPLE;
        if (dataBytes + HEADER_BYTES - 8 > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(frames + " samples do not fit in a RIFF file (4 GiB)");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii("RIFF")).putInt((int) (dataBytes + HEADER_BYTES - 8)).put(ascii("WAVE"));
        header.put(ascii("fmt ")).putInt(16);
        header.putShort((short) 1); // PCM
        header.putShort((short) 1); // mono
        header.putInt(sampleRate);
        header.putInt(sampleRate * BYTES_PER_SAMPLE);
        header.putShort((short) BYTES_PER_SAMPLE);
        header.putShort((short) 16);
        header.put(ascii("data")).putInt((int) dataBytes);
        out.write(header.array());
    }

    /**
     * The first {@code count} samples, rounded to 16 bits ({@code x * 32768}, the decoder's scale)
     * and limited to the 16-bit range.
     */
    static void writeSamples(OutputStream out, float[] samples, int count) throws IOException {
        byte[] bytes = new byte[BYTES_PER_SAMPLE * count];
        for (int i = 0; i < count; i++) {
            long value = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[i] * 32768.0)));
            bytes[2 * i] = (byte) value;
            bytes[2 * i + 1] = (byte) (value >> 8);
        }
        out.write(bytes);
    }

    private static byte[] ascii(String id) {
        return id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
