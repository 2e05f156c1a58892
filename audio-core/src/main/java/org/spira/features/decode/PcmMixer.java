package org.spira.features.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Locale;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Converts interleaved WAV sample bytes to normalized floats and averages the channels of each
 * frame into one mono sample: {@code mono[f] = (float) (sum_c x[f][c] / channels)}, where each
 * {@code x} is the normalized value in double. For one or two channels this equals averaging
 * float32 samples exactly (the sum of two floats is exact in double), so it matches
 * {@code torch.mean(dim=0)} on soundfile's float32 output.
 */
final class PcmMixer {
    private PcmMixer() {}

    /** One channel sample at byte offset {@code i}, normalized to the float scale. */
    @FunctionalInterface
    private interface SampleReader {
        double read(byte[] b, int i);
    }

    /**
     * Mixes {@code frames} whole frames starting at byte {@code offset} of {@code bytes}.
     *
     * @throws RecordingRejectedException {@link RejectReason#NON_FINITE_SAMPLES} on NaN or
     *     infinity (only floating-point encodings can produce them)
     */
    static float[] toMono(byte[] bytes, int offset, int frames, WavFormat format, boolean bigEndian)
            throws RecordingRejectedException {
        if (format.encoding() == WavEncoding.PCM_16 && format.channels() == 1) {
            return mono16(bytes, offset, frames, bigEndian);
        }
        SampleReader reader = reader(format.encoding(), bigEndian);
        int width = format.encoding().bytesPerSample();
        int channels = format.channels();
        float[] mono = new float[frames];
        int position = offset;
        for (int frame = 0; frame < frames; frame++) {
            double sum = 0;
            for (int channel = 0; channel < channels; channel++) {
                sum += reader.read(bytes, position);
                position += width;
            }
            mono[frame] = (float) (sum / channels);
        }
        if (format.encoding() == WavEncoding.FLOAT_32 || format.encoding() == WavEncoding.FLOAT_64) {
            requireFinite(mono, format.sampleRate());
        }
        return mono;
    }

    /**
     * Mono 16-bit PCM, the common case, without a per-sample reader: one bulk byte-order-aware
     * copy into shorts, then {@code x / 32768}, exact in float as in the general path.
     */
    private static float[] mono16(byte[] bytes, int offset, int frames, boolean bigEndian) {
        ShortBuffer in = ByteBuffer.wrap(bytes, offset, 2 * frames)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer();
        short[] pcm = new short[frames];
        in.get(pcm);
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
            mono[i] = pcm[i] * (1.0f / 32768);
        }
        return mono;
    }

    private static void requireFinite(float[] mono, int sampleRate) throws RecordingRejectedException {
        for (int i = 0; i < mono.length; i++) {
            if (!Float.isFinite(mono[i])) {
                throw new RecordingRejectedException(
                        RejectReason.NON_FINITE_SAMPLES,
                        String.format(
                                Locale.ROOT,
                                "sample frame %d (%.3f s) is %s after down-mixing; the float WAV holds NaN,"
                                        + " infinite or out-of-float-range values",
                                i,
                                (double) i / sampleRate,
                                mono[i]));
            }
        }
    }

    private static SampleReader reader(WavEncoding encoding, boolean bigEndian) {
        switch (encoding) {
            case PCM_U8:
                return (b, i) -> ((b[i] & 0xFF) - 128) / 128.0;
            case PCM_16:
                return (b, i) -> int16(b, i, bigEndian) / 32768.0;
            case PCM_24:
                return (b, i) -> int24(b, i, bigEndian) / 8388608.0;
            case PCM_32:
                return (b, i) -> int32(b, i, bigEndian) / 2147483648.0;
            case FLOAT_32:
                return (b, i) -> Float.intBitsToFloat(int32(b, i, bigEndian));
            case FLOAT_64:
                return (b, i) -> Double.longBitsToDouble(int64(b, i, bigEndian));
            case MU_LAW:
                return (b, i) -> G711.muLaw(b[i]) / 32768.0;
            case A_LAW:
                return (b, i) -> G711.aLaw(b[i]) / 32768.0;
            default:
                throw new IllegalStateException("no reader for " + encoding);
        }
    }

    private static int int16(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (b[i] << 8) | (b[i + 1] & 0xFF) : (b[i + 1] << 8) | (b[i] & 0xFF);
    }

    private static int int24(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (b[i] << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF)
                : (b[i + 2] << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i] & 0xFF);
    }

    private static int int32(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (b[i] << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF)
                : (b[i + 3] << 24) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i] & 0xFF);
    }

    private static long int64(byte[] b, int i, boolean bigEndian) {
        long first = int32(b, i, bigEndian) & 0xFFFF_FFFFL;
        long second = int32(b, i + 4, bigEndian) & 0xFFFF_FFFFL;
        return bigEndian ? (first << 32) | second : (second << 32) | first;
    }
}
