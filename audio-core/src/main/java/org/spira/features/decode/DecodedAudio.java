package org.spira.features.decode;

import java.util.Objects;

/**
 * A decoded recording: float samples at the file's own rate, down-mixed to mono.
 *
 * <p>Samples are on the normalized float scale that torchaudio and soundfile use: integer PCM
 * of {@code b} bits is divided by 2^(b-1) (8-bit unsigned PCM is centred first), floating-point
 * files are passed through unchanged. Values are nominally in [-1, 1]; floating-point files may
 * exceed that range and are not clipped. Multi-channel audio is averaged over its channels
 * ({@code sum / channels}, accumulated in double, rounded once to float).
 *
 * <p>The array is not copied: callers own it and must not share it across threads while
 * mutating it.
 *
 * @param sampleRate sampling rate of {@code mono}, Hz
 * @param channels channel count of the source before down-mixing
 * @param format stable code of the source encoding: {@code wav_pcm_u8}, {@code wav_pcm16},
 *     {@code wav_pcm24}, {@code wav_pcm32} (integer WAV by container width), {@code wav_float32},
 *     {@code wav_float64}, {@code wav_mulaw}, {@code wav_alaw}, {@code flac}, {@code ogg_vorbis}
 * @param mono down-mixed samples, one per frame; length = frames (samples per channel)
 */
public record DecodedAudio(int sampleRate, int channels, String format, float[] mono) {

    public DecodedAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive Hz, got " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mono, "mono");
    }

    /** Number of frames (samples per channel, equal to {@code mono.length}). */
    public int frames() {
        return mono.length;
    }

    /** Duration in seconds: frames / sampleRate. */
    public double durationSeconds() {
        return (double) mono.length / sampleRate;
    }

    /** What the samples show of the source: format, rate, channels and length. */
    public AudioHeader header() {
        return new AudioHeader(format, sampleRate, channels, mono.length);
    }

    @Override
    public String toString() {
        return "DecodedAudio[" + format + ", " + sampleRate + " Hz, " + channels + " ch, " + mono.length + " frames]";
    }
}
