package org.spira.features.decode;

import java.util.Locale;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Bounds a decoder enforces before it trusts a file. A file outside them is rejected, never
 * clamped. Sizes are in bytes, durations in seconds, rates in Hz.
 *
 * @param maxInputBytes largest accepted input, bytes
 * @param maxDurationSeconds longest accepted recording, seconds; also caps the samples a
 *     compressed stream (FLAC, Vorbis) may expand to
 * @param minSampleRate lowest accepted sampling rate, Hz
 * @param maxSampleRate highest accepted sampling rate, Hz
 * @param maxChannels most channels accepted
 */
public record DecodeLimits(
        long maxInputBytes, double maxDurationSeconds, int minSampleRate, int maxSampleRate, int maxChannels) {

    /** Largest Java float array this package will allocate for one recording. */
    static final int MAX_ARRAY_FRAMES = Integer.MAX_VALUE - 8;

    public DecodeLimits {
        if (maxInputBytes <= 0) {
            throw invalid("maxInputBytes", maxInputBytes, "must be a positive number of bytes");
        }
        if (!(maxDurationSeconds > 0) || Double.isInfinite(maxDurationSeconds)) {
            throw invalid("maxDurationSeconds", maxDurationSeconds, "must be a positive finite number of seconds");
        }
        if (minSampleRate <= 0) {
            throw invalid("minSampleRate", minSampleRate, "must be a positive rate in Hz");
        }
        if (maxSampleRate < minSampleRate) {
            throw invalid("maxSampleRate", maxSampleRate, "must be >= minSampleRate (" + minSampleRate + " Hz)");
        }
        if (maxChannels <= 0) {
            throw invalid("maxChannels", maxChannels, "must be a positive channel count");
        }
    }

    /** 2 GiB of input, 2 hours, 4 kHz to 384 kHz, up to 32 channels. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(2L << 30, 2 * 3600.0, 4_000, 384_000, 32);
    }

    /** Most frames a recording at {@code sampleRate} Hz may have (duration cap, array cap). */
    long maxFrames(int sampleRate) {
        return Math.min(MAX_ARRAY_FRAMES, (long) Math.floor(maxDurationSeconds * sampleRate));
    }

    void checkInputSize(long bytes) throws RecordingRejectedException {
        if (bytes > maxInputBytes) {
            throw new RecordingRejectedException(
                    RejectReason.ABSURD_SIZE,
                    String.format(
                            Locale.ROOT,
                            "input is %d bytes, more than the limit of %d bytes; split the recording or raise"
                                    + " DecodeLimits.maxInputBytes",
                            bytes,
                            maxInputBytes));
        }
    }

    void checkSampleRate(long sampleRate, String container) throws RecordingRejectedException {
        if (sampleRate <= 0) {
            throw new RecordingRejectedException(
                    RejectReason.BAD_SAMPLE_RATE,
                    container + " header declares a sample rate of " + sampleRate + " Hz");
        }
        if (sampleRate < minSampleRate || sampleRate > maxSampleRate) {
            throw new RecordingRejectedException(
                    RejectReason.BAD_SAMPLE_RATE,
                    String.format(
                            Locale.ROOT,
                            "%s sample rate %d Hz is outside the accepted range %d-%d Hz (DecodeLimits)",
                            container,
                            sampleRate,
                            minSampleRate,
                            maxSampleRate));
        }
    }

    void checkChannels(long channels, String container) throws RecordingRejectedException {
        if (channels <= 0) {
            throw new RecordingRejectedException(
                    RejectReason.BAD_CHANNELS, container + " header declares " + channels + " channels");
        }
        if (channels > maxChannels) {
            throw new RecordingRejectedException(
                    RejectReason.BAD_CHANNELS,
                    String.format(
                            Locale.ROOT,
                            "%s header declares %d channels; at most %d are accepted (DecodeLimits.maxChannels)",
                            container,
                            channels,
                            maxChannels));
        }
    }

    void checkFrames(long frames, int sampleRate, String container) throws RecordingRejectedException {
        if (frames > maxFrames(sampleRate)) {
            throw new RecordingRejectedException(
                    RejectReason.ABSURD_SIZE,
                    String.format(
                            Locale.ROOT,
                            "%s holds more than %d frames at %d Hz, longer than the %.0f s limit; split the"
                                    + " recording or raise DecodeLimits.maxDurationSeconds",
                            container,
                            maxFrames(sampleRate),
                            sampleRate,
                            maxDurationSeconds));
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT, "DecodeLimits.%s = %s is invalid: %s. Fix the %s setting.", name, value, rule, name));
    }
}
