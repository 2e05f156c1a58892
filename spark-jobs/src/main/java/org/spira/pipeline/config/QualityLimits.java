package org.spira.pipeline.config;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.spira.features.quality.SpeechQuality;

/**
 * The speech-quality limits a recording must meet to be accepted by ingest ({@code
 * spira.ingest.quality}), checked on its {@link SpeechQuality} measures. The defaults were
 * measured on the shared recordings (docs/data-quality.md): none of them fails.
 *
 * @param maxClippingRatio largest share of samples at full scale
 * @param maxSilentFraction largest share of near-silent 20 ms frames
 * @param minSnrDb smallest percentile SNR estimate, dB
 * @param maxDcOffset largest |mean| of the samples
 * @param minDurationSeconds shortest recording, seconds
 * @param maxDurationSeconds longest recording, seconds
 * @param minSampleRate lowest sample rate, Hz
 * @param maxSampleRate highest sample rate, Hz
 */
public record QualityLimits(
        double maxClippingRatio,
        double maxSilentFraction,
        double minSnrDb,
        double maxDcOffset,
        double minDurationSeconds,
        double maxDurationSeconds,
        int minSampleRate,
        int maxSampleRate)
        implements Serializable {
    public static final String SAMPLE_RATE = "sample_rate_out_of_range";
    public static final String DURATION = "duration_out_of_range";
    public static final String CLIPPED = "clipped";
    public static final String DC_OFFSET = "dc_offset";
    public static final String MOSTLY_SILENT = "mostly_silent";
    public static final String LOW_SNR = "low_snr";
    /** The reason codes of the checks, in the order they are checked. */
    public static final List<String> REASONS =
            List.of(SAMPLE_RATE, DURATION, CLIPPED, DC_OFFSET, MOSTLY_SILENT, LOW_SNR);

    /** A failed check: its reason code, and a message with the measured value, the limit and its key. */
    public record Failure(String reason, String message) {}

    public QualityLimits {
        if (minDurationSeconds > maxDurationSeconds) {
            throw ConfigException.invalid(
                    "spira.ingest.quality.min-duration-seconds",
                    minDurationSeconds,
                    "at most spira.ingest.quality.max-duration-seconds (" + maxDurationSeconds + ")");
        }
        if (minSampleRate > maxSampleRate) {
            throw ConfigException.invalid(
                    "spira.ingest.quality.min-sample-rate",
                    minSampleRate,
                    "at most spira.ingest.quality.max-sample-rate (" + maxSampleRate + ")");
        }
    }

    /** The first check {@code quality} fails, or empty when it meets every limit. */
    public Optional<Failure> firstFailure(SpeechQuality quality) {
        if (quality.sampleRate() < minSampleRate || quality.sampleRate() > maxSampleRate) {
            return fail(
                    SAMPLE_RATE,
                    "sample rate " + quality.sampleRate() + " Hz is outside [" + minSampleRate + ", " + maxSampleRate
                            + "] Hz (spira.ingest.quality.min-sample-rate, max-sample-rate)");
        }
        if (quality.durationSeconds() < minDurationSeconds || quality.durationSeconds() > maxDurationSeconds) {
            return fail(
                    DURATION,
                    format(
                            "%.3f s long, outside [%s, %s] s (spira.ingest.quality.min-duration-seconds,"
                                    + " max-duration-seconds)",
                            quality.durationSeconds(), minDurationSeconds, maxDurationSeconds));
        }
        if (quality.clippingRatio() > maxClippingRatio) {
            return fail(
                    CLIPPED,
                    format(
                            "%.4f%% of samples at full scale, above the limit %.4f%%"
                                    + " (spira.ingest.quality.max-clipping-ratio = %s)",
                            100 * quality.clippingRatio(), 100 * maxClippingRatio, maxClippingRatio));
        }
        if (Math.abs(quality.dcOffset()) > maxDcOffset) {
            return fail(
                    DC_OFFSET,
                    format(
                            "a DC offset of %.5f, above the limit %s (spira.ingest.quality.max-dc-offset)",
                            quality.dcOffset(), maxDcOffset));
        }
        if (quality.silentFraction() > maxSilentFraction) {
            return fail(
                    MOSTLY_SILENT,
                    format(
                            "%.1f%% of its 20 ms frames are below %.0f dBFS, above the limit %.1f%%"
                                    + " (spira.ingest.quality.max-silent-fraction = %s)",
                            100 * quality.silentFraction(),
                            SpeechQuality.SILENT_DBFS,
                            100 * maxSilentFraction,
                            maxSilentFraction));
        }
        if (quality.snrDb() < minSnrDb) {
            return fail(
                    LOW_SNR,
                    format(
                            "an estimated SNR of %.2f dB, below the limit %s dB (spira.ingest.quality.min-snr-db)",
                            quality.snrDb(), minSnrDb));
        }
        return Optional.empty();
    }

    private static Optional<Failure> fail(String reason, String message) {
        return Optional.of(new Failure(reason, message));
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
