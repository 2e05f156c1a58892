package org.spira.features.decode;

import java.util.Objects;

/**
 * What a recording is, as its container declares it: the source encoding, sample rate, channels
 * and length. {@link AudioDecoder#probe} reads it without decoding the samples where the header
 * gives the length.
 *
 * @param format stable code of the source encoding, as {@link DecodedAudio#format()}
 * @param sampleRate sampling rate of the source, Hz
 * @param channels channel count of the source
 * @param frames samples per channel, >= 1
 */
public record AudioHeader(String format, int sampleRate, int channels, long frames) {
    public AudioHeader {
        Objects.requireNonNull(format, "format");
        if (sampleRate <= 0 || channels <= 0 || frames <= 0) {
            throw new IllegalArgumentException("an audio header has a positive rate, channel count and length, not "
                    + sampleRate + " Hz, " + channels + " channels, " + frames + " frames");
        }
    }

    /** Duration in seconds: frames / sampleRate. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }
}
